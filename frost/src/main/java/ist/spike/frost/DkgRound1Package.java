package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Ciphersuite;
import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * A participant's public DKG round-1 broadcast: the commitment to its polynomial and a Schnorr
 * proof of knowledge of the constant term. Must reach every other participant identically (a
 * broadcast channel).
 *
 * <p>Serialized form: {@code 00 | b169f0da | count (varint) | count × element(32) | R(32) |
 * mu(32)}.
 */
public final class DkgRound1Package {
  private final VssCommitment commitment;
  private final EdwardsPoint proofR;
  private final byte[] proofMu;

  DkgRound1Package(VssCommitment commitment, EdwardsPoint proofR, Scalar proofMu) {
    this.commitment = commitment;
    this.proofR = proofR;
    this.proofMu = proofMu.toBytes();
  }

  /** The commitment to the sender's polynomial. */
  public VssCommitment commitment() {
    return commitment;
  }

  /**
   * Checks the proof of knowledge: {@code R == [mu]B - [c]phi_0} with {@code c = HDKG(id || phi_0
   * || R)}.
   */
  boolean proofIsValid(Identifier sender) {
    Group g = Group.ed25519();
    try {
      byte[] phi0 = g.serialize(commitment.points().get(0));
      byte[] r = g.serialize(proofR);
      try (Scalar c = Ciphersuite.hdkg(sender.toBytes(), phi0, r);
          Scalar mu = Scalar.fromCanonicalBytes(proofMu)) {
        EdwardsPoint expected =
            g.subtract(g.multiplyBase(mu), g.multiply(commitment.points().get(0), c));
        return g.equal(expected, proofR);
      }
    } catch (InvalidElementException e) {
      return false;
    }
  }

  /** Serializes as described in the class comment. */
  public byte[] toBytes() {
    Group g = Group.ed25519();
    Wire.Writer w = new Wire.Writer().header().varint(commitment.points().size());
    try {
      for (EdwardsPoint p : commitment.points()) {
        w.bytes(g.serialize(p));
      }
      return w.bytes(g.serialize(proofR)).bytes(proofMu).toByteArray();
    } catch (InvalidElementException e) {
      throw new IllegalStateException("a DKG package never holds the identity", e);
    }
  }

  /**
   * Parses {@link #toBytes} output strictly.
   *
   * @throws MalformedEncodingException for a wrong header, count, non-canonical mu or trailing
   *     bytes
   * @throws InvalidElementException for an invalid element
   */
  public static DkgRound1Package fromBytes(byte[] bytes) throws FrostException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, "DKG round-1 package").header();
    long count = r.varint(65535);
    if (count < 2 || (count + 2) * 32 != r.remaining()) {
      throw r.fail("needs at least 2 commitments and exactly " + (count + 2) + " × 32 bytes");
    }
    List<EdwardsPoint> points = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      points.add(r.element());
    }
    EdwardsPoint proofR = r.element();
    try (Scalar mu = r.scalar()) {
      r.end();
      return new DkgRound1Package(new VssCommitment(points), proofR, mu);
    }
  }

  @Override
  public String toString() {
    return "DkgRound1Package[" + commitment.points().size() + " commitments]";
  }
}
