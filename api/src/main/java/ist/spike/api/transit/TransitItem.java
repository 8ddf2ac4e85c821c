package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * One input of a batch: a plaintext (base64) for encrypt, a ciphertext for decrypt and rewrap.
 *
 * @param plaintext base64 text, or {@code ""}
 * @param ciphertext {@code spike:v<version>:<base64>}, or {@code ""}
 */
@JsonPropertyOrder({"plaintext", "ciphertext"})
public record TransitItem(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String plaintext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String ciphertext) {
  /** Normalizes nulls to {@code ""}. */
  public TransitItem {
    plaintext = Wire.str(plaintext);
    ciphertext = Wire.str(ciphertext);
  }

  @Override
  public String toString() {
    return "TransitItem[plaintext=(redacted), ciphertext=" + ciphertext.length() + " chars]";
  }
}
