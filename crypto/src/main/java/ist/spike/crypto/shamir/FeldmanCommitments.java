package ist.spike.crypto.shamir;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.internal.P256Point;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Feldman commitments to the Shamir polynomial of a root key: {@code C_j = c_j * G} on P-256 for
 * each coefficient {@code c_0 .. c_(t-1)} that {@link Shamir#split} uses. Anyone holding them can
 * check that a shard lies on the polynomial ({@code s_i * G == sum_j i^j * C_j}) without learning
 * anything usable about the key; a wrong, corrupted or foreign shard fails.
 *
 * <p>The shards themselves are unchanged (SPIKE's bytes); the commitments are extra, public data.
 * Because SPIKE's split is deterministic, the commitments are a function of the root key and the
 * threshold, so whoever holds the key can compute them again. Not secret: {@code equals}, {@code
 * hashCode} and {@code toString} are the usual value semantics. Immutable.
 */
public final class FeldmanCommitments {
  /** Bytes per commitment in {@link #toBytes()} and {@link #toHex()}: SEC1 compressed points. */
  public static final int POINT_SIZE = P256Point.ENCODED_SIZE;

  /** Message of every failed shard check. */
  public static final String MESSAGE_MISMATCH =
      "shard does not match the published commitments: it is not a share of this root key";

  private final List<P256Point> points;

  private FeldmanCommitments(List<P256Point> points) {
    this.points = List.copyOf(points);
  }

  /**
   * Computes the commitments of the polynomial that {@link Shamir#split} builds for this key and
   * threshold.
   *
   * @param rootKey the key (unchanged)
   * @param threshold the scheme's threshold; 1 to {@value ShamirParameters#MAX_SHARES}
   * @return the commitments, {@code threshold} points
   */
  public static FeldmanCommitments of(RootKey rootKey, int threshold) {
    requireNonNull(rootKey, "rootKey");
    if (threshold < 1 || threshold > ShamirParameters.MAX_SHARES) {
      throw new IllegalArgumentException(
          "Shamir threshold must be 1 to " + ShamirParameters.MAX_SHARES + ", was " + threshold);
    }
    byte[][] coefficients = Shamir.coefficients(rootKey, threshold);
    try {
      List<P256Point> points = new ArrayList<>(threshold);
      for (byte[] c : coefficients) {
        points.add(P256Point.timesGenerator(c));
      }
      return new FeldmanCommitments(points);
    } finally {
      for (byte[] c : coefficients) {
        Arrays.fill(c, (byte) 0);
      }
    }
  }

  /** Returns the threshold of the scheme these commitments belong to (the number of points). */
  public int threshold() {
    return points.size();
  }

  /**
   * Checks that a shard lies on the committed polynomial.
   *
   * @param shard the shard (not closed)
   * @throws InvalidShardException with {@link #MESSAGE_MISMATCH} if it does not
   */
  public void verify(Shard shard) throws InvalidShardException {
    if (!matches(shard)) {
      throw new InvalidShardException(MESSAGE_MISMATCH);
    }
  }

  /**
   * Returns whether a shard lies on the committed polynomial.
   *
   * @param shard the shard (not closed)
   * @return true if {@code value * G == sum_j index^j * C_j}
   */
  public boolean matches(Shard shard) {
    requireNonNull(shard, "shard");
    BigInteger x = BigInteger.valueOf(shard.index());
    P256Point expected = P256Point.INFINITY;
    for (int j = points.size() - 1; j >= 0; j--) {
      expected = expected.times(x).add(points.get(j));
    }
    byte[] value = shard.revealValue(InsecureSecretAccess.get());
    try {
      return P256Point.timesGenerator(value).equals(expected);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /** Returns the points concatenated, {@value #POINT_SIZE} bytes each, c_0 first. */
  public byte[] toBytes() {
    byte[] out = new byte[points.size() * POINT_SIZE];
    for (int j = 0; j < points.size(); j++) {
      System.arraycopy(points.get(j).encode(), 0, out, j * POINT_SIZE, POINT_SIZE);
    }
    return out;
  }

  /** Returns each point as 66 lower-case hex digits, c_0 first (the JSON form). */
  public List<String> toHex() {
    List<String> out = new ArrayList<>(points.size());
    for (P256Point p : points) {
      out.add(HexFormat.of().formatHex(p.encode()));
    }
    return List.copyOf(out);
  }

  /**
   * Parses {@link #toBytes()}.
   *
   * @param bytes the concatenated points
   * @return the commitments
   * @throws InvalidCommitmentsException if the length is wrong or a point is not on the curve
   */
  public static FeldmanCommitments fromBytes(byte[] bytes) throws InvalidCommitmentsException {
    requireNonNull(bytes, "bytes");
    if (bytes.length == 0 || bytes.length % POINT_SIZE != 0) {
      throw new InvalidCommitmentsException(
          "commitments must be a multiple of " + POINT_SIZE + " bytes, was " + bytes.length);
    }
    List<String> hex = new ArrayList<>();
    for (int off = 0; off < bytes.length; off += POINT_SIZE) {
      hex.add(HexFormat.of().formatHex(bytes, off, off + POINT_SIZE));
    }
    return fromHex(hex);
  }

  /**
   * Parses {@link #toHex()}.
   *
   * @param hex one hex string per point, c_0 first; 1 to {@value ShamirParameters#MAX_SHARES}
   * @return the commitments
   * @throws InvalidCommitmentsException naming the first bad point and the rule it breaks
   */
  public static FeldmanCommitments fromHex(List<String> hex) throws InvalidCommitmentsException {
    requireNonNull(hex, "hex");
    if (hex.isEmpty() || hex.size() > ShamirParameters.MAX_SHARES) {
      throw new InvalidCommitmentsException(
          "commitments must hold 1 to "
              + ShamirParameters.MAX_SHARES
              + " points, held "
              + hex.size());
    }
    List<P256Point> points = new ArrayList<>(hex.size());
    for (int j = 0; j < hex.size(); j++) {
      String h = hex.get(j);
      if (h == null || h.length() != 2 * POINT_SIZE) {
        throw new InvalidCommitmentsException(
            "commitment " + j + " must be " + 2 * POINT_SIZE + " hex digits");
      }
      try {
        points.add(P256Point.decode(HexFormat.of().parseHex(h)));
      } catch (IllegalArgumentException e) {
        throw new InvalidCommitmentsException("commitment " + j + ": " + e.getMessage());
      }
    }
    if (points.get(0).isInfinity()) {
      throw new InvalidCommitmentsException("commitment 0 must not be the point at infinity");
    }
    return new FeldmanCommitments(points);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeldmanCommitments other && points.equals(other.points);
  }

  @Override
  public int hashCode() {
    return points.hashCode();
  }

  @Override
  public String toString() {
    return "FeldmanCommitments[threshold=" + points.size() + "]";
  }
}
