package ist.spike.keeper;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The one shard a Keeper holds: 32 bytes and, when the contributor sent it, the shard's index.
 * Package-private; its bytes leave only through {@link #copyValue()} into a response body that the
 * caller zeroes after writing.
 */
final class KeptShard {
  static final int LENGTH = 32;
  private final byte[] value;
  private final OptionalInt index;

  /** Takes a private copy of {@code value}; the caller zeroes its own array. */
  KeptShard(byte[] value, OptionalInt index) {
    if (value.length != LENGTH) {
      throw new IllegalArgumentException("a shard is 32 bytes, got " + value.length);
    }
    this.value = value.clone();
    this.index = index;
  }

  /** Whether all 32 bytes are zero (SPIKE's "empty shard"). */
  static boolean isAllZero(byte[] bytes) {
    int acc = 0;
    for (byte b : bytes) {
      acc |= b;
    }
    return acc == 0;
  }

  OptionalInt index() {
    return index;
  }

  /** Returns a fresh copy of the bytes; the caller must zero it after use. */
  byte[] copyValue() {
    return value.clone();
  }

  /** Constant-time comparison with other bytes. */
  boolean sameValue(byte[] other) {
    return MessageDigest.isEqual(value, other);
  }

  void destroy() {
    Arrays.fill(value, (byte) 0);
  }

  @Override
  public String toString() {
    return "KeptShard[index=" + (index.isPresent() ? index.getAsInt() : "?") + ", 32 bytes]";
  }
}
