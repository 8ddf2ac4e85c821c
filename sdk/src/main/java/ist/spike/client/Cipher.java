package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.api.cipher.CipherDecryptRequest;
import ist.spike.api.cipher.CipherDecryptResponse;
import ist.spike.api.cipher.CipherEncryptRequest;
import ist.spike.api.cipher.CipherEncryptResponse;
import ist.spike.client.error.SpikeException;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.client.transport.StreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encryption as a service ({@code /v1/cipher/encrypt|decrypt}), SPIKE's format. Obtain from {@link
 * SpikeClient#cipher()}.
 */
public final class Cipher {
  private static final String ENCRYPT = "/v1/cipher/encrypt";
  private static final String DECRYPT = "/v1/cipher/decrypt";
  private static final String OCTET_STREAM = "application/octet-stream";

  private final SpikeTransport transport;
  private final NexusEndpoints base;

  Cipher(SpikeTransport transport, NexusEndpoints base) {
    this.transport = transport;
    this.base = base;
  }

  /**
   * Encrypts in JSON mode. Unlike SPIKE's Go SDK, returns the version and nonce too, so the result
   * can be decrypted.
   *
   * @param plaintext at most {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE} bytes
   * @return version, nonce and ciphertext
   * @throws SpikeException if too large ({@code SpikeBadRequestException}), not allowed, or
   *     unreachable
   */
  public EncryptedMessage encrypt(byte[] plaintext) throws SpikeException {
    CipherEncryptResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postJson(
                    u,
                    ENCRYPT,
                    CipherEncryptRequest.of(requireNonNull(plaintext, "plaintext")),
                    CipherEncryptResponse.class));
    return new EncryptedMessage(r.version(), r.nonce(), r.ciphertext());
  }

  /**
   * Decrypts in JSON mode.
   *
   * @param message what {@link #encrypt} returned
   * @return the plaintext
   * @throws SpikeException if it fails authentication ({@code SpikeServerErrorException}, HTTP 500
   *     as SPIKE), is malformed, not allowed, or unreachable
   */
  public byte[] decrypt(EncryptedMessage message) throws SpikeException {
    requireNonNull(message, "message");
    CipherDecryptResponse r =
        base.call(
            NexusEndpoints.Resend.SAFE,
            u ->
                transport.postJson(
                    u,
                    DECRYPT,
                    CipherDecryptRequest.of(
                        message.version(), message.nonce(), message.ciphertext()),
                    CipherDecryptResponse.class));
    return r.plaintext() == null ? new byte[0] : r.plaintext();
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
    requireNonNull(plaintext, "plaintext");
    try (StreamResponse r =
        base.call(
            NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
            u -> transport.postStream(u, ENCRYPT, OCTET_STREAM, () -> plaintext, -1))) {
      r.body().transferTo(requireNonNull(out, "out"));
    }
  }

  /**
   * Decrypts a stream-mode ciphertext.
   *
   * @param ciphertext SPIKE's stream layout, read to its end
   * @param out receives the plaintext; not closed
   * @throws SpikeException on an API failure (authentication failure is {@code
   *     SpikeBadRequestException} mentioning "decryption failed", as SPIKE)
   * @throws IOException if reading or writing fails
   */
  public void decryptStream(InputStream ciphertext, OutputStream out)
      throws SpikeException, IOException {
    requireNonNull(ciphertext, "ciphertext");
    try (StreamResponse r =
        base.call(
            NexusEndpoints.Resend.ONLY_IF_NOT_SENT,
            u -> transport.postStream(u, DECRYPT, OCTET_STREAM, () -> ciphertext, -1))) {
      r.body().transferTo(requireNonNull(out, "out"));
    }
  }
}
