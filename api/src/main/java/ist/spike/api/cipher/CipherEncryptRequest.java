package ist.spike.api.cipher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/cipher/encrypt} in JSON mode.
 *
 * @param plaintext the bytes to encrypt (base64 on the wire); {@code null} is Go's nil slice
 * @param algorithm ignored by SPIKE; omitted when empty
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"plaintext", "algorithm", "err"})
public record CipherEncryptRequest(
    byte[] plaintext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String algorithm,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Copies the bytes and normalizes nulls. */
  public CipherEncryptRequest {
    plaintext = Wire.bytes(plaintext);
    algorithm = Wire.str(algorithm);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param plaintext the bytes to encrypt
   * @return the request
   */
  public static CipherEncryptRequest of(byte[] plaintext) {
    return new CipherEncryptRequest(plaintext, "", "");
  }

  /** Returns a copy of the plaintext, or null. */
  @Override
  public byte[] plaintext() {
    return Wire.bytes(plaintext);
  }

  @Override
  public String toString() {
    return "CipherEncryptRequest[plaintext="
        + (plaintext == null ? "null" : plaintext.length + " bytes (redacted)")
        + ", algorithm="
        + algorithm
        + "]";
  }
}
