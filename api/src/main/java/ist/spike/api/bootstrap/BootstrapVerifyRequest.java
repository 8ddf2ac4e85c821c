package ist.spike.api.bootstrap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/bootstrap/verify}: a random text sealed under the root key, which Nexus
 * must decrypt and hash.
 *
 * @param nonce the 12-byte nonce (base64); {@code null} if absent
 * @param ciphertext ciphertext with tag (base64); {@code null} if absent
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"nonce", "ciphertext", "err"})
public record BootstrapVerifyRequest(
    byte[] nonce, byte[] ciphertext, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Copies the bytes and normalizes nulls. */
  public BootstrapVerifyRequest {
    nonce = Wire.bytes(nonce);
    ciphertext = Wire.bytes(ciphertext);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param nonce the nonce
   * @param ciphertext the ciphertext with tag
   * @return the request
   */
  public static BootstrapVerifyRequest of(byte[] nonce, byte[] ciphertext) {
    return new BootstrapVerifyRequest(nonce, ciphertext, "");
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
    return "BootstrapVerifyRequest[ciphertext="
        + (ciphertext == null ? "null" : ciphertext.length + " bytes")
        + "]";
  }
}
