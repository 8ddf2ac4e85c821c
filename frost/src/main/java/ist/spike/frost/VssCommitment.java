package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import java.util.ArrayList;
import java.util.List;

/**
 * The dealer's Feldman commitment to its sharing polynomial: {@code [a_0]B, [a_1]B, ...}. Anyone
 * holding it can check a share without learning anything secret; its first element is the group's
 * verifying key. Public.
 *
 * <p>Serialized form: {@code 00 | b169f0da | count (varint) | count × element(32)}.
 */
public final class VssCommitment {
  private final List<EdwardsPoint> points;

  VssCommitment(List<EdwardsPoint> points) {
    this.points = List.copyOf(points);
  }

  List<EdwardsPoint> points() {
    return points;
  }

  /** The threshold this commitment implies (the number of coefficients). */
  public int minSigners() {
    return points.size();
  }

  /** The group's verifying key, {@code [a_0]B} (never the identity: every element is validated). */
  public VerifyingKey verifyingKey() {
    try {
      return VerifyingKey.of(points.get(0));
    } catch (InvalidElementException e) {
      throw new IllegalStateException("a VSS commitment never holds the identity", e);
    }
  }

  /** The verifying share the commitment implies for a participant. */
  public VerifyingShare verifyingShare(Identifier identifier) throws InvalidElementException {
    return VerifyingShare.of(
        Polynomial.evaluateCommitment(points, requireNonNull(identifier, "identifier")));
  }

  /**
   * RFC 9591 {@code vss_verify}: checks that a key package's signing share lies on the committed
   * polynomial, and that its verifying share, group key and threshold agree with the commitment.
   *
   * @throws InvalidShareException naming the participant otherwise
   */
  public void verify(KeyPackage keyPackage) throws InvalidShareException {
    requireNonNull(keyPackage, "keyPackage");
    Group g = Group.ed25519();
    Identifier id = keyPackage.identifier();
    EdwardsPoint expected = Polynomial.evaluateCommitment(points, id);
    EdwardsPoint actual = g.multiplyBase(keyPackage.signingShare().scalar());
    if (!g.equal(expected, actual)) {
      throw new InvalidShareException(id, "the signing share does not match the VSS commitment");
    }
    if (!g.equal(expected, keyPackage.verifyingShare().point())) {
      throw new InvalidShareException(id, "the verifying share does not match the VSS commitment");
    }
    if (!g.equal(points.get(0), keyPackage.verifyingKey().point())) {
      throw new InvalidShareException(id, "the group key does not match the VSS commitment");
    }
    if (keyPackage.minSigners() != points.size()) {
      throw new InvalidShareException(
          id, "threshold " + keyPackage.minSigners() + " but the commitment has " + points.size());
    }
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    Wire.Writer w = new Wire.Writer().header().varint(points.size());
    Group g = Group.ed25519();
    for (EdwardsPoint p : points) {
      try {
        w.bytes(g.serialize(p));
      } catch (InvalidElementException e) {
        throw new IllegalStateException("a VSS commitment never holds the identity", e);
      }
    }
    return w.toByteArray();
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header or count (fewer than 2) or trailing bytes
   * @throws InvalidElementException for an invalid element
   */
  public static VssCommitment fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "VSS commitment").header();
    long count = r.varint(65535);
    if (count < 2 || count * 32 != r.remaining()) {
      throw r.fail("needs at least 2 elements and exactly " + count + " × 32 bytes");
    }
    List<EdwardsPoint> points = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      points.add(r.element());
    }
    r.end();
    return new VssCommitment(points);
  }

  @Override
  public String toString() {
    return "VssCommitment[" + points.size() + " coefficients]";
  }
}
