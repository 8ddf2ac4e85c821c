package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * A participant's secret state between DKG part 2 and part 3: its own polynomial's value at its own
 * identifier and its commitment. Wiped on close (and by {@link Dkg#part3}).
 */
public final class DkgRound2Secret implements AutoCloseable {
  private final Identifier identifier;
  private final Scalar ownShare;
  private final VssCommitment commitment;
  private final int maxSigners;

  DkgRound2Secret(
      Identifier identifier, Scalar ownShare, VssCommitment commitment, int maxSigners) {
    this.identifier = identifier;
    this.ownShare = ownShare;
    this.commitment = commitment;
    this.maxSigners = maxSigners;
  }

  /** This participant's identifier. */
  public Identifier identifier() {
    return identifier;
  }

  Scalar ownShare() {
    return ownShare;
  }

  VssCommitment commitment() {
    return commitment;
  }

  int maxSigners() {
    return maxSigners;
  }

  @Override
  public void close() {
    ownShare.close();
  }

  @Override
  public String toString() {
    return "DkgRound2Secret[" + identifier + ", redacted]";
  }
}
