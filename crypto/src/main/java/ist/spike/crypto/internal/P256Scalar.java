package ist.spike.crypto.internal;

import java.util.Arrays;

/**
 * Constant-time arithmetic modulo the P-256 group order n on fixed-width values: four 64-bit limbs,
 * least significant first, in Montgomery form ({@code aR mod n}, {@code R = 2^256}).
 *
 * <p>No operation branches on or indexes memory by a value's bits, and every temporary lives in a
 * {@code long[]} that callers can zero, which {@code BigInteger} does not allow. Inputs to every
 * method must be fully reduced ({@code < n}).
 */
public final class P256Scalar {
  /** Number of 64-bit limbs. */
  public static final int LIMBS = 4;

  private static final long[] N = fromBytesUnchecked(P256.ORDER);

  /** {@code -n^-1 mod 2^64}. */
  private static final long N_PRIME = computeNPrime();

  /** {@code R^2 mod n}, to enter Montgomery form. */
  private static final long[] R2 =
      fromBytesUnchecked(java.math.BigInteger.ONE.shiftLeft(512).mod(P256.ORDER));

  private P256Scalar() {}

  /**
   * Reads a 32-byte big-endian value below n into Montgomery form.
   *
   * @param be 32 bytes, value below n (checked by the caller)
   * @param out receives the limbs
   */
  public static void fromBytes(byte[] be, long[] out) {
    long[] plain = new long[LIMBS];
    try {
      for (int i = 0; i < LIMBS; i++) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
          v = (v << 8) | (be[31 - 8 * i - 7 + k] & 0xffL);
        }
        plain[i] = v;
      }
      mul(plain, R2, out);
    } finally {
      Arrays.fill(plain, 0);
    }
  }

  /**
   * Sets {@code out} to the Montgomery form of a small non-negative integer.
   *
   * @param v the value, {@code >= 0}
   * @param out receives the limbs
   */
  public static void fromLong(long v, long[] out) {
    long[] plain = {v, 0, 0, 0};
    mul(plain, R2, out);
  }

  /**
   * Writes a Montgomery-form value as 32 big-endian bytes of its plain value.
   *
   * @param a the limbs
   * @param out receives 32 bytes
   */
  public static void toBytes(long[] a, byte[] out) {
    long[] plain = new long[LIMBS];
    try {
      mul(a, new long[] {1, 0, 0, 0}, plain);
      for (int i = 0; i < LIMBS; i++) {
        long v = plain[i];
        for (int k = 7; k >= 0; k--) {
          out[31 - 8 * i - (7 - k)] = (byte) (v >>> (8 * (7 - k)));
        }
      }
    } finally {
      Arrays.fill(plain, 0);
    }
  }

  /**
   * {@code out = a + b mod n}; {@code out} may alias an input.
   *
   * @param a addend
   * @param b addend
   * @param out result
   */
  public static void add(long[] a, long[] b, long[] out) {
    long[] sum = new long[LIMBS];
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = a[i] + b[i];
      long c1 = carryOut(a[i], b[i], s);
      long s2 = s + carry;
      long c2 = carryOut(s, carry, s2);
      sum[i] = s2;
      carry = c1 | c2;
    }
    reduceOnce(sum, carry, out);
    Arrays.fill(sum, 0);
  }

  /**
   * {@code out = a * b / R mod n} (Montgomery product); {@code out} may alias an input.
   *
   * @param a factor
   * @param b factor
   * @param out result
   */
  public static void mul(long[] a, long[] b, long[] out) {
    long[] t = new long[LIMBS + 2];
    for (int i = 0; i < LIMBS; i++) {
      // t += a * b[i]
      long c = 0;
      for (int j = 0; j < LIMBS; j++) {
        long lo = a[j] * b[i];
        long hi = Math.unsignedMultiplyHigh(a[j], b[i]);
        long s = t[j] + lo;
        hi += carryOut(t[j], lo, s);
        long s2 = s + c;
        hi += carryOut(s, c, s2);
        t[j] = s2;
        c = hi;
      }
      long s = t[LIMBS] + c;
      t[LIMBS + 1] = carryOut(t[LIMBS], c, s);
      t[LIMBS] = s;
      // t = (t + m * n) / 2^64
      long m = t[0] * N_PRIME;
      long lo0 = m * N[0];
      long hi0 = Math.unsignedMultiplyHigh(m, N[0]);
      long s0 = t[0] + lo0;
      c = hi0 + carryOut(t[0], lo0, s0);
      for (int j = 1; j < LIMBS; j++) {
        long lo = m * N[j];
        long hi = Math.unsignedMultiplyHigh(m, N[j]);
        long sj = t[j] + lo;
        hi += carryOut(t[j], lo, sj);
        long sj2 = sj + c;
        hi += carryOut(sj, c, sj2);
        t[j - 1] = sj2;
        c = hi;
      }
      long s4 = t[LIMBS] + c;
      long c4 = carryOut(t[LIMBS], c, s4);
      t[LIMBS - 1] = s4;
      t[LIMBS] = t[LIMBS + 1] + c4;
      t[LIMBS + 1] = 0;
    }
    reduceOnce(t, t[LIMBS], out);
    Arrays.fill(t, 0);
  }

  /** out = (carry:v) - n if that is non-negative, else v; constant time. */
  private static void reduceOnce(long[] v, long carry, long[] out) {
    long[] d = new long[LIMBS];
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long x = v[i] - N[i];
      long b1 = borrowOut(v[i], N[i], x);
      long x2 = x - borrow;
      long b2 = borrowOut(x, borrow, x2);
      d[i] = x2;
      borrow = b1 | b2;
    }
    // Keep d when the subtraction did not underflow the full (carry:v) value.
    long keepD = -((carry | (borrow ^ 1)) & 1);
    for (int i = 0; i < LIMBS; i++) {
      out[i] = (d[i] & keepD) | (v[i] & ~keepD);
    }
    Arrays.fill(d, 0);
  }

  private static long carryOut(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  private static long borrowOut(long x, long y, long diff) {
    return ((~x & y) | (~(x ^ y) & diff)) >>> 63;
  }

  private static long[] fromBytesUnchecked(java.math.BigInteger v) {
    long[] out = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = v.shiftRight(64 * i).longValue();
    }
    return out;
  }

  private static long computeNPrime() {
    // Newton iteration for n0^-1 mod 2^64, then negate.
    long n0 = N[0];
    long inv = 1;
    for (int i = 0; i < 7; i++) {
      inv *= 2 - n0 * inv;
    }
    return -inv;
  }
}
