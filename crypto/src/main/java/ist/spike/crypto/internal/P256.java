package ist.spike.crypto.internal;

import java.math.BigInteger;
import java.util.HexFormat;

/** Constants of the P-256 scalar field that SPIKE's Shamir sharing works in. */
public final class P256 {
  /** Width of a scalar in bytes. */
  public static final int SCALAR_BYTES = 32;

  private static final byte[] ORDER_BYTES =
      HexFormat.of().parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

  /** The group order n. */
  public static final BigInteger ORDER = new BigInteger(1, ORDER_BYTES);

  private P256() {}

  /**
   * Returns whether a 32-byte big-endian value is a valid scalar ({@code < n}), in constant time.
   *
   * @param value exactly 32 bytes
   * @return true if {@code value < n}
   */
  public static boolean isBelowOrder(byte[] value) {
    return ConstantTime.lessThan(value, ORDER_BYTES);
  }
}
