package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code /v1/transit/encrypt}, {@code /decrypt} and {@code /rewrap}: a key name and either
 * one input ({@code plaintext} or {@code ciphertext}) or a {@code batch} of them.
 *
 * @param name the key name
 * @param plaintext base64 text (encrypt), or {@code ""}
 * @param ciphertext {@code spike:v<version>:<base64>} (decrypt, rewrap), or {@code ""}
 * @param batch the inputs of a batch, or null for a single input
 */
@JsonPropertyOrder({"name", "plaintext", "ciphertext", "batch"})
public record TransitRequest(
    String name,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String plaintext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String ciphertext,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TransitItem> batch) {
  /** Normalizes nulls and copies the batch. */
  public TransitRequest {
    name = Wire.str(name);
    plaintext = Wire.str(plaintext);
    ciphertext = Wire.str(ciphertext);
    batch =
        batch == null
            ? null
            : batch.stream().map(i -> i == null ? new TransitItem("", "") : i).toList();
  }

  @Override
  public String toString() {
    return "TransitRequest[name="
        + name
        + ", plaintext=(redacted), batch="
        + (batch == null ? "none" : batch.size() + " items")
        + "]";
  }
}
