package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.internal.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An AES-256-GCM key with a public 32-bit key id, written into every ciphertext header so that data
 * can name the key that sealed it.
 *
 * <p>Zeroes its bytes on {@link #close()}; no {@code equals}/{@code hashCode}; {@link #toString()}
 * shows only the key id.
 */
public final class AeadKey implements AutoCloseable {
  /** Key size in bytes (AES-256). */
  public static final int SIZE = 32;

  private static final byte[] KEY_ID_LABEL = "spike/key-id/v1".getBytes(StandardCharsets.US_ASCII);

  private final int keyId;
  private final SecretBytes bytes;

  private AeadKey(int keyId, SecretBytes bytes) {
    this.keyId = keyId;
    this.bytes = bytes;
  }

  /**
   * Wraps existing key bytes under an explicit key id.
   *
   * @param keyId the id written into ciphertext headers
   * @param key exactly 32 bytes; copied, the caller keeps ownership
   * @return the key
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static AeadKey of(int keyId, SecretBytes key) {
    requireNonNull(key, "key");
    if (key.size() != SIZE) {
      throw new IllegalArgumentException(
          "AES-256-GCM key must be " + SIZE + " bytes, was " + key.size());
    }
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    return new AeadKey(keyId, SecretBytes.takeOwnership(raw));
  }

  /**
   * Generates a random key with an explicit key id.
   *
   * @param keyId the id written into ciphertext headers
   * @param random a cryptographically secure source
   * @return a fresh key
   */
  public static AeadKey generate(int keyId, SecureRandom random) {
    return new AeadKey(keyId, SecretBytes.random(SIZE, random));
  }

  /**
   * Derives a purpose-bound subkey from the root key with HKDF-SHA256 ({@code ikm} = root key, no
   * salt, {@code info} = purpose). Its key id is the first 4 bytes of {@code HMAC-SHA256(subkey,
   * "spike/key-id/v1")}, so a new root key yields a new key id and data sealed under an old root
   * key is reported as {@link UnknownKeyIdException}, not as garbage.
   *
   * @param rootKey the root key (unchanged)
   * @param purpose a versioned label such as {@code "spike/storage/v1"}; must not be blank
   * @return the derived key
   */
  public static AeadKey derive(RootKey rootKey, String purpose) {
    requireNonNull(rootKey, "rootKey");
    requireNonNull(purpose, "purpose");
    if (purpose.isBlank()) {
      throw new IllegalArgumentException("purpose must not be blank");
    }
    byte[] ikm = rootKey.revealBytes(InsecureSecretAccess.get());
    byte[] okm = null;
    try {
      okm = Hkdf.deriveSha256(ikm, new byte[0], purpose.getBytes(StandardCharsets.UTF_8), SIZE);
      int keyId = ByteBuffer.wrap(Hkdf.hmacSha256(okm, KEY_ID_LABEL)).getInt();
      AeadKey key = new AeadKey(keyId, SecretBytes.takeOwnership(okm));
      okm = null;
      return key;
    } finally {
      Arrays.fill(ikm, (byte) 0);
      if (okm != null) {
        Arrays.fill(okm, (byte) 0);
      }
    }
  }

  /** Returns the public key id. */
  public int keyId() {
    return keyId;
  }

  /**
   * Returns a copy of the key bytes; the caller must zero it.
   *
   * @param access proof that the caller may handle secret bytes
   * @return a fresh copy
   */
  public byte[] revealBytes(SecretAccess access) {
    return bytes.revealBytes(access);
  }

  /**
   * Compares key bytes and key id with another key; the bytes in constant time.
   *
   * @param other another key
   * @return true if both are the same key
   */
  public boolean equalsKey(AeadKey other) {
    requireNonNull(other, "other");
    return bytes.equalsSecret(other.bytes) & keyId == other.keyId;
  }

  /** The key bytes, for this package's ciphers only; callers must not close them. */
  SecretBytes secretBytes() {
    return bytes;
  }

  /** Zeroes the key bytes. Idempotent. */
  @Override
  public void close() {
    bytes.close();
  }

  static String formatKeyId(int keyId) {
    return String.format("0x%08x", keyId);
  }

  @Override
  public String toString() {
    return "AeadKey[id=" + formatKeyId(keyId) + "]";
  }
}
