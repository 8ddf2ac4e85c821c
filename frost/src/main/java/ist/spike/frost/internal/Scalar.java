package ist.spike.frost.internal;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An integer modulo the edwards25519 group order {@code L = 2^252 +
 * 27742317777372353535851937790883648493}.
 *
 * <p>Values live in eight fixed-width 32-bit limbs (little-endian) and are always fully reduced.
 * Every arithmetic operation runs the same instruction sequence whatever the values are: carries
 * and conditional subtractions use masks, and the wide reduction walks all 512 input bits. This is
 * what lets secret scalars (signing shares, nonces, polynomial coefficients) go through it. The
 * only value-dependent paths are {@link #fromCanonicalBytes} (which rejects non-canonical input and
 * is meant for public wire data) and {@link #fromBigInteger} (public values only).
 *
 * <p>A scalar is immutable apart from {@link #close()}, which overwrites the limbs with zeros; use
 * try-with-resources for secrets. There is no {@code equals}/{@code hashCode}; compare with {@link
 * #equalsConstantTime}.
 */
public final class Scalar implements AutoCloseable {
  /** The group order L as eight little-endian 32-bit limbs. */
  private static final int[] L = {
    0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000
  };

  /** L as a BigInteger, for public-value conversions. */
  public static final BigInteger ORDER =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final long M32 = 0xffffffffL;

  private final int[] limbs;

  private Scalar(int[] limbs) {
    this.limbs = limbs;
  }

  /** Returns a new zero scalar. */
  public static Scalar zero() {
    return new Scalar(new int[8]);
  }

  /** Returns a new scalar equal to one. */
  public static Scalar one() {
    int[] r = new int[8];
    r[0] = 1;
    return new Scalar(r);
  }

  /**
   * Reduces a 64-byte little-endian integer modulo L in constant time (used for hash outputs, as
   * RFC 9591 {@code H1}/{@code H2}/{@code H3} require).
   */
  public static Scalar fromBytesModOrderWide(byte[] wide) {
    requireNonNull(wide, "wide");
    if (wide.length != 64) {
      throw new IllegalArgumentException("wide scalar input must be 64 bytes, got " + wide.length);
    }
    int[] w = new int[16];
    for (int i = 0; i < 16; i++) {
      w[i] = readInt(wide, 4 * i);
    }
    try {
      return new Scalar(reduceWide(w));
    } finally {
      Arrays.fill(w, 0);
    }
  }

  /**
   * Decodes a canonical 32-byte little-endian scalar ({@code DeserializeScalar}).
   *
   * @return the scalar, or {@code null} when the value is not below L
   */
  public static Scalar fromCanonicalBytes(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length != 32) {
      return null;
    }
    int[] r = new int[8];
    for (int i = 0; i < 8; i++) {
      r[i] = readInt(bytes, 4 * i);
    }
    int[] t = new int[8];
    long borrow = subtract(r, L, t);
    Arrays.fill(t, 0);
    if (borrow == 0) { // r >= L
      Arrays.fill(r, 0);
      return null;
    }
    return new Scalar(r);
  }

  /** Converts a public, non-negative value, reducing it modulo L. Never use for secrets. */
  public static Scalar fromBigInteger(BigInteger value) {
    requireNonNull(value, "value");
    BigInteger v = value.mod(ORDER);
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return fromCanonicalBytes(le);
  }

  /** Returns this public scalar as a BigInteger. Never use for secrets. */
  public BigInteger toBigIntegerPublic() {
    byte[] le = toBytes();
    byte[] be = new byte[33];
    for (int i = 0; i < 32; i++) {
      be[32 - i] = le[i];
    }
    return new BigInteger(be);
  }

  /**
   * {@code SerializeScalar}: 32 bytes, little-endian. The caller owns (and should wipe) the array.
   */
  public byte[] toBytes() {
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      writeInt(limbs[i], out, 4 * i);
    }
    return out;
  }

  /** Returns {@code this + other mod L}. */
  public Scalar add(Scalar other) {
    int[] r = new int[8];
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      carry += (limbs[i] & M32) + (other.limbs[i] & M32);
      r[i] = (int) carry;
      carry >>>= 32;
    }
    conditionalSubtractL(r);
    return new Scalar(r);
  }

  /** Returns {@code this - other mod L}. */
  public Scalar subtract(Scalar other) {
    int[] r = new int[8];
    long borrow = subtract(limbs, other.limbs, r);
    // borrow is 1 when the difference went negative: add L back under a mask.
    int mask = (int) -borrow;
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      carry += (r[i] & M32) + (L[i] & mask & M32);
      r[i] = (int) carry;
      carry >>>= 32;
    }
    return new Scalar(r);
  }

  /** Returns {@code -this mod L}. */
  public Scalar negate() {
    try (Scalar z = zero()) {
      return z.subtract(this);
    }
  }

  /** Returns {@code this * other mod L}. */
  public Scalar multiply(Scalar other) {
    int[] w = new int[16];
    for (int i = 0; i < 8; i++) {
      long carry = 0;
      long a = limbs[i] & M32;
      for (int j = 0; j < 8; j++) {
        carry += a * (other.limbs[j] & M32) + (w[i + j] & M32);
        w[i + j] = (int) carry;
        carry >>>= 32;
      }
      w[i + 8] = (int) carry;
    }
    try {
      return new Scalar(reduceWide(w));
    } finally {
      Arrays.fill(w, 0);
    }
  }

  /** Returns bit {@code i} (0 = least significant) as 0 or 1. */
  public int bit(int i) {
    return (limbs[i >>> 5] >>> (i & 31)) & 1;
  }

  /** Returns the 4-bit digit {@code i} (0 = least significant, 0..63). */
  public int nibble(int i) {
    return (limbs[i >>> 3] >>> ((i & 7) << 2)) & 0xf;
  }

  /** Returns 1 when this scalar is zero, else 0, in constant time. */
  public int isZero() {
    int acc = 0;
    for (int limb : limbs) {
      acc |= limb;
    }
    return (int) (((acc & M32) - 1) >>> 63);
  }

  /** Compares two scalars in constant time. */
  public boolean equalsConstantTime(Scalar other) {
    requireNonNull(other, "other");
    int acc = 0;
    for (int i = 0; i < 8; i++) {
      acc |= limbs[i] ^ other.limbs[i];
    }
    return acc == 0;
  }

  /** Returns an independent copy (which the caller must close). */
  public Scalar copy() {
    return new Scalar(limbs.clone());
  }

  /** Returns true once every limb is zero; a white-box hook for wiping tests. */
  public boolean isWiped() {
    for (int limb : limbs) {
      if (limb != 0) {
        return false;
      }
    }
    return true;
  }

  /** Overwrites the limbs with zeros. */
  @Override
  public void close() {
    Arrays.fill(limbs, 0);
  }

  @Override
  public String toString() {
    return "Scalar[32 bytes]";
  }

  // --- limb helpers -------------------------------------------------------------------------

  /** r = a - b over 8 limbs; returns the final borrow (0 or 1). */
  private static long subtract(int[] a, int[] b, int[] r) {
    long borrow = 0;
    for (int i = 0; i < 8; i++) {
      long d = (a[i] & M32) - (b[i] & M32) - borrow;
      r[i] = (int) d;
      borrow = (d >>> 63);
    }
    return borrow;
  }

  /** If r >= L then r -= L, without branching on r. Requires r < 2L. */
  private static void conditionalSubtractL(int[] r) {
    int[] t = new int[8];
    conditionalSubtractL(r, t);
    Arrays.fill(t, 0);
  }

  /** As {@link #conditionalSubtractL(int[])} with a caller-provided scratch array. */
  private static void conditionalSubtractL(int[] r, int[] t) {
    long borrow = subtract(r, L, t);
    int keep = (int) -borrow; // all ones when r < L (keep r), zero otherwise (take t)
    for (int i = 0; i < 8; i++) {
      r[i] = (r[i] & keep) | (t[i] & ~keep);
    }
  }

  /**
   * Reduces a 512-bit value modulo L by shifting its bits, most significant first, into an
   * accumulator kept below L. The loop count and memory accesses are fixed.
   */
  private static int[] reduceWide(int[] w) {
    int[] r = new int[8];
    int[] scratch = new int[8];
    for (int i = 511; i >= 0; i--) {
      int in = (w[i >>> 5] >>> (i & 31)) & 1;
      // r = 2r + in; r < L < 2^253, so the result fits in 254 bits.
      int carry = in;
      for (int j = 0; j < 8; j++) {
        int next = r[j] >>> 31;
        r[j] = (r[j] << 1) | carry;
        carry = next;
      }
      conditionalSubtractL(r, scratch);
    }
    Arrays.fill(scratch, 0);
    return r;
  }

  private static int readInt(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  private static void writeInt(int v, byte[] b, int off) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
