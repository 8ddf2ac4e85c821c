package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

/**
 * The public header of an {@link AesGcmAead} ciphertext: a format version byte and a 4-byte
 * big-endian key id. The full layout is {@code version(1) || keyId(4) || nonce(12) || ciphertext ||
 * tag(16)}; the header is authenticated together with the {@link Aad}.
 *
 * @param formatVersion the format version; only {@value #FORMAT_VERSION} exists
 * @param keyId the id of the key that sealed the data
 */
public record CiphertextHeader(int formatVersion, int keyId) {
  /** The current (and only) format version. */
  public static final int FORMAT_VERSION = 1;

  /** Header size in bytes. */
  public static final int SIZE = 5;

  /**
   * Reads the header of a ciphertext without decrypting it, for example to find which key sealed
   * it.
   *
   * @param ciphertext a sealed byte string
   * @return its header
   * @throws DecryptionFailedException if it is too short to be a ciphertext or has an unknown
   *     format version
   */
  public static CiphertextHeader parse(byte[] ciphertext) throws DecryptionFailedException {
    requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length < AesGcmAead.OVERHEAD || ciphertext[0] != FORMAT_VERSION) {
      throw new DecryptionFailedException();
    }
    int keyId =
        ((ciphertext[1] & 0xff) << 24)
            | ((ciphertext[2] & 0xff) << 16)
            | ((ciphertext[3] & 0xff) << 8)
            | (ciphertext[4] & 0xff);
    return new CiphertextHeader(ciphertext[0], keyId);
  }

  void writeTo(byte[] out) {
    out[0] = (byte) formatVersion;
    out[1] = (byte) (keyId >>> 24);
    out[2] = (byte) (keyId >>> 16);
    out[3] = (byte) (keyId >>> 8);
    out[4] = (byte) keyId;
  }

  @Override
  public String toString() {
    return "CiphertextHeader[v" + formatVersion + ", key " + AeadKey.formatKeyId(keyId) + "]";
  }
}
