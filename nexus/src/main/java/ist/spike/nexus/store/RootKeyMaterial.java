package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A copy of the 32-byte root key handed to {@link BackendFactory#open}. The backend derives its
 * storage key from it (HKDF) and keys SPIKE's encryption-as-a-service cipher with it; the caller
 * keeps ownership of its own copy and may close this one once the backend is open.
 *
 * <p>No {@code equals}, {@code hashCode} or revealing {@code toString}; {@link #close()} zeroes the
 * bytes.
 */
public final class RootKeyMaterial implements AutoCloseable {
  /** Root key length in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private volatile boolean closed;

  private RootKeyMaterial(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies a root key.
   *
   * @param rootKey 32 bytes, not all zero; the array is not retained
   * @return the key material
   * @throws IllegalArgumentException if the length is wrong or the key is all zero
   */
  public static RootKeyMaterial copyOf(byte[] rootKey) {
    requireNonNull(rootKey, "rootKey");
    if (rootKey.length != LENGTH) {
      throw new IllegalArgumentException(
          "root key must be " + LENGTH + " bytes; got " + rootKey.length);
    }
    if (MessageDigest.isEqual(rootKey, new byte[LENGTH])) {
      throw new IllegalArgumentException("root key must not be all zero");
    }
    return new RootKeyMaterial(rootKey.clone());
  }

  /**
   * Generates a random key, for the {@code memory} backend, which has no Keepers (SPIKE keys its
   * cipher with a per-process random key the same way).
   *
   * @param random the randomness source
   * @return a fresh key
   */
  public static RootKeyMaterial random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    try {
      return copyOf(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * Returns a copy of the key bytes. The caller must zero it. Package-private users only.
   *
   * @return 32 bytes
   * @throws IllegalStateException after {@link #close()}
   */
  public byte[] revealCopy() {
    if (closed) {
      throw new IllegalStateException("root key material is closed");
    }
    return bytes.clone();
  }

  /** Zeroes the key. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "RootKeyMaterial[32 bytes]";
  }
}
