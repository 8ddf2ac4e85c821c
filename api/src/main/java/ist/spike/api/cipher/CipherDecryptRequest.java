package ist.spike.api.cipher;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/cipher/decrypt} in JSON mode.
 *
 * @param version the cipher version, 0..255 (Go {@code byte}); SPIKE accepts only 1
 * @param nonce the nonce (base64); {@code null} if absent
 * @param ciphertext ciphertext with tag (base64); {@code null} if absent
 * @param algorithm ignored by SPIKE; omitted when empty
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"version", "nonce", "ciphertext", "algorithm", "err"})
public record CipherDecryptRequest(
    int version,
    byte[] nonce,
    byte[] ciphertext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String algorithm,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Checks the uint8 range, copies the bytes and normalizes nulls. */
  public CipherDecryptRequest {
    checkVersion(version);
    nonce = Wire.bytes(nonce);
    ciphertext = Wire.bytes(ciphertext);
    algorithm = Wire.str(algorithm);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param version the cipher version
   * @param nonce the nonce
   * @param ciphertext the ciphertext with tag
   * @return the request
   */
  public static CipherDecryptRequest of(int version, byte[] nonce, byte[] ciphertext) {
    return new CipherDecryptRequest(version, nonce, ciphertext, "", "");
  }

  static void checkVersion(int version) {
    if (version < 0 || version > 255) {
      throw new IllegalArgumentException("version must be a byte 0..255, was " + version);
    }
  }

  /** Returns a copy of the nonce, or null. */
  @Override
  public byte[] nonce() {
    return Wire.bytes(nonce);
  }

  /** Returns a copy of the ciphertext, or null. */
  @Override
  public byte[] ciphertext() {
    return Wire.bytes(ciphertext);
  }

  @Override
  public String toString() {
    return "CipherDecryptRequest[version="
        + version
        + ", nonce="
        + (nonce == null ? "null" : nonce.length + " bytes")
        + ", ciphertext="
        + (ciphertext == null ? "null" : ciphertext.length + " bytes")
        + "]";
  }
}
