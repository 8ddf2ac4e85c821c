package ist.spike.frost;

import ist.spike.frost.internal.Scalar;
import java.util.List;

/**
 * A participant's secret state between DKG part 1 and part 2: its polynomial's coefficients. Keep
 * it in memory only; wiped on close (and by {@link Dkg#part2}).
 */
public final class DkgRound1Secret implements AutoCloseable {
  private final Identifier identifier;
  private final List<Scalar> coefficients;
  private final VssCommitment commitment;
  private final int maxSigners;

  DkgRound1Secret(
      Identifier identifier, List<Scalar> coefficients, VssCommitment commitment, int maxSigners) {
    this.identifier = identifier;
    this.coefficients = List.copyOf(coefficients);
    this.commitment = commitment;
    this.maxSigners = maxSigners;
  }

  /** This participant's identifier. */
  public Identifier identifier() {
    return identifier;
  }

  /** The threshold. */
  public int minSigners() {
    return coefficients.size();
  }

  /** The number of participants. */
  public int maxSigners() {
    return maxSigners;
  }

  List<Scalar> coefficients() {
    return coefficients;
  }

  VssCommitment commitment() {
    return commitment;
  }

  boolean isWiped() {
    return coefficients.stream().allMatch(Scalar::isWiped);
  }

  @Override
  public void close() {
    coefficients.forEach(Scalar::close);
  }

  @Override
  public String toString() {
    return "DkgRound1Secret[" + identifier + ", redacted]";
  }
}
