package ist.spike.frost.internal;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of edwards25519 in extended twisted-Edwards coordinates {@code (X:Y:Z:T)} with {@code x =
 * X/Z}, {@code y = Y/Z}, {@code xy = T/Z}. Coordinates are BouncyCastle {@link X25519Field}
 * elements. Instances are immutable and are only created by {@link Ed25519Group}, which validates
 * everything it decodes.
 */
public final class EdwardsPoint {
  final int[] x;
  final int[] y;
  final int[] z;
  final int[] t;

  EdwardsPoint(int[] x, int[] y, int[] z, int[] t) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.t = t;
  }

  @Override
  public String toString() {
    return "EdwardsPoint";
  }
}
