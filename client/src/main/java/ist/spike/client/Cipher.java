package ist.spike.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.client.internal.NexusHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;

/**
 * Encryption as a service ({@code /v1/cipher/encrypt|decrypt}), SPIKE's format. Obtain from {@link
 * SpikeClient#cipher()}.
 */
public final class Cipher {
  private static final String ENCRYPT = "/v1/cipher/encrypt";
  private static final String DECRYPT = "/v1/cipher/decrypt";

  private final NexusHttp http;

  Cipher(NexusHttp http) {
    this.http = http;
  }

  /**
   * Encrypts in JSON mode. Unlike SPIKE's Go SDK, returns the version and nonce too, so the result
   * can be decrypted.
   *
   * @param plaintext at most {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE} bytes
   * @return version, nonce and ciphertext
   * @throws SpikeException if too large ({@code api_bad_request}), not allowed, or unreachable
   */
  public EncryptedMessage encrypt(byte[] plaintext) throws SpikeException {
    ObjectNode body = http.object();
    body.put(
        "plaintext", Base64.getEncoder().encodeToString(requireNonNull(plaintext, "plaintext")));
    JsonNode a = http.postJson(ENCRYPT, body);
    return new EncryptedMessage(
        a.path("version").asInt(), bytes(a.get("nonce")), bytes(a.get("ciphertext")));
  }

  /**
   * Decrypts in JSON mode.
   *
   * @param message what {@link #encrypt} returned
   * @return the plaintext
   * @throws SpikeException if it fails authentication ({@code api_internal_error}, as SPIKE), is
   *     malformed, not allowed, or unreachable
   */
  public byte[] decrypt(EncryptedMessage message) throws SpikeException {
    requireNonNull(message, "message");
    ObjectNode body = http.object();
    body.put("version", message.version());
    body.put("nonce", Base64.getEncoder().encodeToString(message.nonce()));
    body.put("ciphertext", Base64.getEncoder().encodeToString(message.ciphertext()));
    JsonNode a = http.postJson(DECRYPT, body);
    return bytes(a.get("plaintext"));
  }

  /**
   * Encrypts a stream in stream mode; writes {@code 0x01 || nonce || ciphertext || tag}.
   *
   * @param plaintext read to its end
   * @param out receives the ciphertext; not closed
   * @throws SpikeException on an API failure
   * @throws IOException if reading or writing fails
   */
  public void encryptStream(InputStream plaintext, OutputStream out)
      throws SpikeException, IOException {
    try (InputStream in = http.postStream(ENCRYPT, requireNonNull(plaintext, "plaintext"))) {
      in.transferTo(requireNonNull(out, "out"));
    }
  }

  /**
   * Decrypts a stream-mode ciphertext.
   *
   * @param ciphertext SPIKE's stream layout, read to its end
   * @param out receives the plaintext; not closed
   * @throws SpikeException on an API failure (authentication failure is {@code api_bad_request}
   *     with detail "decryption failed", as SPIKE)
   * @throws IOException if reading or writing fails
   */
  public void decryptStream(InputStream ciphertext, OutputStream out)
      throws SpikeException, IOException {
    try (InputStream in = http.postStream(DECRYPT, requireNonNull(ciphertext, "ciphertext"))) {
      in.transferTo(requireNonNull(out, "out"));
    }
  }

  private static byte[] bytes(JsonNode node) {
    if (node == null || node.isNull()) {
      return new byte[0];
    }
    return Base64.getDecoder().decode(node.asText());
  }
}
