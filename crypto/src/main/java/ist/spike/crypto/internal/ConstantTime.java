package ist.spike.crypto.internal;

import static java.util.Objects.requireNonNull;

/** Comparisons whose running time does not depend on the (secret) values compared. */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Returns whether every byte is zero, touching every byte.
   *
   * @param a the bytes to test
   * @return true if {@code a} is empty or all zero
   */
  public static boolean isZero(byte[] a) {
    requireNonNull(a, "a");
    int acc = 0;
    for (byte b : a) {
      acc |= b;
    }
    return acc == 0;
  }

  /**
   * Returns whether {@code a < b} when both are read as unsigned big-endian integers of the same
   * length, without branching on their values.
   *
   * @param a left operand
   * @param b right operand, same length as {@code a}
   * @return true if {@code a} is strictly less than {@code b}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static boolean lessThan(byte[] a, byte[] b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "lengths differ: " + a.length + " and " + b.length + " bytes");
    }
    // Subtract a - b from the least significant byte up; a final borrow means a < b.
    int borrow = 0;
    for (int i = a.length - 1; i >= 0; i--) {
      int diff = (a[i] & 0xff) - (b[i] & 0xff) - borrow;
      borrow = (diff >>> 31) & 1;
    }
    return borrow == 1;
  }
}
