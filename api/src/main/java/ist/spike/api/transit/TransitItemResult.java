package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * One output of a batch, in input order: the result, or an error code with a message saying what to
 * fix. A failed item does not fail the others.
 *
 * @param plaintext base64 text (decrypt), or {@code ""}
 * @param ciphertext the ciphertext (encrypt, rewrap), or {@code ""}
 * @param err the error code ({@code api_bad_request}, …), or {@code ""}
 * @param message what went wrong, or {@code ""}
 */
@JsonPropertyOrder({"plaintext", "ciphertext", "err", "message"})
public record TransitItemResult(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String plaintext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String ciphertext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String message) {
  /** Normalizes nulls to {@code ""}. */
  public TransitItemResult {
    plaintext = Wire.str(plaintext);
    ciphertext = Wire.str(ciphertext);
    err = Wire.str(err);
    message = Wire.str(message);
  }

  /** Returns whether this item failed. */
  public boolean failed() {
    return !err.isEmpty();
  }

  @Override
  public String toString() {
    return "TransitItemResult[plaintext=(redacted), ciphertext="
        + ciphertext.length()
        + " chars, err="
        + err
        + "]";
  }
}
