package ist.spike.api.cipher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of JSON-mode decrypt: {@code {"plaintext":b64}}. SPIKE sends {@code null} (not {@code
 * ""}) after decrypting an empty plaintext.
 *
 * @param plaintext the decrypted bytes; {@code null} is Go's nil slice
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"plaintext", "err"})
public record CipherDecryptResponse(
    byte[] plaintext, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Copies the bytes and normalizes nulls. */
  public CipherDecryptResponse {
    plaintext = Wire.bytes(plaintext);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param plaintext the bytes; SPIKE-compatible servers pass null for an empty plaintext
   * @return the body
   */
  public static CipherDecryptResponse success(byte[] plaintext) {
    return new CipherDecryptResponse(plaintext, "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"plaintext":null,"err":"<code>"}}
   */
  public static CipherDecryptResponse error(ErrorCode code) {
    return new CipherDecryptResponse(null, requireNonNull(code, "code").code());
  }

  /** Returns a copy of the plaintext, or null. */
  @Override
  public byte[] plaintext() {
    return Wire.bytes(plaintext);
  }

  @Override
  public String toString() {
    return "CipherDecryptResponse[plaintext="
        + (plaintext == null ? "null" : plaintext.length + " bytes (redacted)")
        + ", err="
        + err
        + "]";
  }
}
