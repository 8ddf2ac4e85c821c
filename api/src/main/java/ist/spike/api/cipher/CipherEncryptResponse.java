package ist.spike.api.cipher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of JSON-mode encrypt: {@code {"version":1,"nonce":b64,"ciphertext":b64}}.
 *
 * @param version the cipher version, 0..255 (SPIKE: 1)
 * @param nonce the 12-byte nonce; {@code null} on error bodies
 * @param ciphertext ciphertext with tag; {@code null} on error bodies
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"version", "nonce", "ciphertext", "err"})
public record CipherEncryptResponse(
    int version,
    byte[] nonce,
    byte[] ciphertext,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Checks the uint8 range, copies the bytes and normalizes nulls. */
  public CipherEncryptResponse {
    CipherDecryptRequest.checkVersion(version);
    nonce = Wire.bytes(nonce);
    ciphertext = Wire.bytes(ciphertext);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param version the cipher version
   * @param nonce the nonce
   * @param ciphertext the ciphertext with tag
   * @return the body
   */
  public static CipherEncryptResponse success(int version, byte[] nonce, byte[] ciphertext) {
    return new CipherEncryptResponse(
        version, requireNonNull(nonce, "nonce"), requireNonNull(ciphertext, "ciphertext"), "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"version":0,"nonce":null,"ciphertext":null,"err":"<code>"}}
   */
  public static CipherEncryptResponse error(ErrorCode code) {
    return new CipherEncryptResponse(0, null, null, requireNonNull(code, "code").code());
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
    return "CipherEncryptResponse[version="
        + version
        + ", ciphertext="
        + (ciphertext == null ? "null" : ciphertext.length + " bytes")
        + ", err="
        + err
        + "]";
  }
}
