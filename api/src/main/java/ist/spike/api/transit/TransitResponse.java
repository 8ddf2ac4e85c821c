package ist.spike.api.transit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Response of encrypt, decrypt and rewrap: one result, or {@code batch} with one result per input
 * in input order.
 *
 * @param plaintext base64 text (single decrypt), or {@code ""}
 * @param ciphertext the ciphertext (single encrypt or rewrap), or {@code ""}
 * @param batch the batch results, or null
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"plaintext", "ciphertext", "batch", "err"})
public record TransitResponse(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String plaintext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String ciphertext,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TransitItemResult> batch,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the batch. */
  public TransitResponse {
    plaintext = Wire.str(plaintext);
    ciphertext = Wire.str(ciphertext);
    batch = batch == null ? null : List.copyOf(batch);
    err = Wire.str(err);
  }

  /**
   * Returns a single-item success body.
   *
   * @param result the result (its err must be empty)
   * @return the body
   */
  public static TransitResponse single(TransitItemResult result) {
    return new TransitResponse(result.plaintext(), result.ciphertext(), null, "");
  }

  /**
   * Returns a batch body.
   *
   * @param results one per input
   * @return the body
   */
  public static TransitResponse batch(List<TransitItemResult> results) {
    return new TransitResponse("", "", requireNonNull(results, "results"), "");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return {@code {"err":"<code>"}}
   */
  public static TransitResponse error(ErrorCode code) {
    return new TransitResponse("", "", null, requireNonNull(code, "code").code());
  }

  @Override
  public String toString() {
    return "TransitResponse[plaintext=(redacted), ciphertext="
        + ciphertext.length()
        + " chars, batch="
        + (batch == null ? "none" : batch.size() + " items")
        + ", err="
        + err
        + "]";
  }
}
