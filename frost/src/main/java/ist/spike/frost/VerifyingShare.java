package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import java.util.Arrays;
import java.util.HexFormat;

/** A participant's public verifying share: its signing share times the base point. Public. */
public final class VerifyingShare {
  private final EdwardsPoint point;
  private final byte[] encoding;

  private VerifyingShare(EdwardsPoint point, byte[] encoding) {
    this.point = point;
    this.encoding = encoding.clone();
  }

  static VerifyingShare of(EdwardsPoint point) throws InvalidElementException {
    return new VerifyingShare(point, Group.ed25519().serialize(point));
  }

  /**
   * Parses the 32-byte encoding.
   *
   * @throws InvalidElementException if it is not a valid prime-order, non-identity point
   */
  public static VerifyingShare fromBytes(byte[] encoding) throws InvalidElementException {
    requireNonNull(encoding, "encoding");
    return new VerifyingShare(Group.ed25519().deserialize(encoding), encoding);
  }

  /** The 32-byte encoding. */
  public byte[] toBytes() {
    return encoding.clone();
  }

  EdwardsPoint point() {
    return point;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingShare other && Arrays.equals(encoding, other.encoding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoding);
  }

  @Override
  public String toString() {
    return "VerifyingShare[" + HexFormat.of().formatHex(encoding) + "]";
  }
}
