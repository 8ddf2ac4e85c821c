package ist.spike.crypto;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An immutable holder of secret bytes (keys, shards, plaintext) that zeroes its private copy on
 * {@link #close()}.
 *
 * <p>It has no {@code equals}/{@code hashCode} (compare with {@link #equalsSecret}, which is
 * constant time) and its {@code toString} reports only the length. Reading the bytes needs a {@link
 * SecretAccess} token and always returns a fresh copy that the caller must zero.
 *
 * <p>After {@code close()} every method except {@code toString}, {@code size} and {@code close}
 * throws {@link IllegalStateException}. Instances are safe to share between threads, but closing
 * one while another thread reads it is a bug in the caller.
 */
public final class SecretBytes implements AutoCloseable {
  private final byte[] bytes;
  private volatile boolean closed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes} into a new holder. The caller still owns (and should zero) its array.
   *
   * @param bytes the secret bytes; may be empty
   * @param access proof that the caller may handle secret bytes
   * @return a holder with a private copy
   */
  public static SecretBytes copyOf(byte[] bytes, SecretAccess access) {
    requireNonNull(bytes, "bytes");
    requireNonNull(access, "access");
    return new SecretBytes(bytes.clone());
  }

  /**
   * Takes ownership of {@code bytes} without copying and without needing a token: the caller must
   * not keep or use the array afterwards. Use it to wrap a freshly computed secret that must not
   * exist twice in memory.
   *
   * @param bytes a fresh array that only this holder will reference from now on
   * @return a holder backed by {@code bytes}
   */
  public static SecretBytes takeOwnership(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes);
  }

  /**
   * Creates {@code size} random bytes.
   *
   * @param size number of bytes, at least 0
   * @param random the source of randomness
   * @return a holder with fresh random bytes
   */
  public static SecretBytes random(int size, SecureRandom random) {
    requireNonNull(random, "random");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    byte[] b = new byte[size];
    random.nextBytes(b);
    return new SecretBytes(b);
  }

  /** Returns the number of bytes held (still valid after close). */
  public int size() {
    return bytes.length;
  }

  /**
   * Returns a copy of the secret bytes; the caller must zero it when done.
   *
   * @param access proof that the caller may handle secret bytes
   * @return a fresh copy
   * @throws IllegalStateException if this holder was closed
   */
  public byte[] revealBytes(SecretAccess access) {
    requireNonNull(access, "access");
    checkOpen();
    return bytes.clone();
  }

  /**
   * Compares the held bytes with another holder's in time that does not depend on where they
   * differ.
   *
   * @param other another holder
   * @return true if both hold the same bytes
   * @throws IllegalStateException if either holder was closed
   */
  public boolean equalsSecret(SecretBytes other) {
    requireNonNull(other, "other");
    checkOpen();
    other.checkOpen();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Returns whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed;
  }

  /** Overwrites the bytes with zeros. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("secret bytes were closed (zeroed)");
    }
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes]";
  }
}
