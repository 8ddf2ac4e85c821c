package ist.spike.api;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 32 secret bytes of a Shamir shard as they travel on the wire (Go {@code [32]byte}, a JSON
 * array of 32 numbers). Holds a private copy, zeroes it on {@link #close()}, compares in constant
 * time, has no {@code equals}/{@code hashCode}, and never shows the bytes in {@link #toString()}.
 *
 * <p>This module has no crypto dependency; turn a value into a validated {@code
 * ist.spike.crypto.shamir.Shard} right after decoding and close this holder.
 */
public final class ShardValue implements AutoCloseable {
  /** Size in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;
  private volatile boolean closed;

  private ShardValue(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies exactly 32 bytes.
   *
   * @param bytes the shard value; the caller keeps (and should zero) its array
   * @return the holder
   * @throws IllegalArgumentException if the length is not 32
   */
  public static ShardValue copyOf(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a shard value must be " + SIZE + " bytes, was " + bytes.length);
    }
    return new ShardValue(bytes.clone());
  }

  /** Wraps a fresh 32-byte array without copying; the caller must not keep it. */
  static ShardValue wrap(byte[] bytes) {
    return new ShardValue(bytes);
  }

  /**
   * Returns a copy of the bytes; the caller must zero it.
   *
   * @return 32 bytes
   * @throws IllegalStateException if this value was closed
   */
  public byte[] revealBytes() {
    checkOpen();
    return bytes.clone();
  }

  /** Returns whether all 32 bytes are zero (SPIKE's "no shard" marker); constant time. */
  public boolean isAllZero() {
    checkOpen();
    int acc = 0;
    for (byte b : bytes) {
      acc |= b;
    }
    return acc == 0;
  }

  /**
   * Compares with another value in constant time.
   *
   * @param other another value
   * @return true if the bytes are equal
   */
  public boolean equalsValue(ShardValue other) {
    requireNonNull(other, "other");
    checkOpen();
    other.checkOpen();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Returns the byte at {@code i} without copying the array; for the JSON writer only. */
  int byteAt(int i) {
    checkOpen();
    return bytes[i] & 0xff;
  }

  /** Zeroes the bytes. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("shard value was closed (zeroed)");
    }
  }

  @Override
  public String toString() {
    return "ShardValue[32 bytes]";
  }

  /** Bridge for the JSON codec in {@code ist.spike.api.internal}; not for other callers. */
  public static final class Codec {
    private Codec() {}

    /**
     * Wraps a fresh array without copying.
     *
     * @param bytes exactly 32 bytes that nobody else references
     * @return the holder
     */
    public static ShardValue wrap(byte[] bytes) {
      if (bytes.length != SIZE) {
        throw new IllegalArgumentException("a shard value must be " + SIZE + " bytes");
      }
      return ShardValue.wrap(bytes);
    }

    /**
     * Reads one byte without copying the array.
     *
     * @param value the holder
     * @param i index 0..31
     * @return the unsigned byte
     */
    public static int byteAt(ShardValue value, int i) {
      return value.byteAt(i);
    }
  }
}
