package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * Step-2 output of share repair: one helper's sum of the deltas it received, sent to the
 * participant being repaired over a confidential, authenticated channel. Wiped on close.
 */
public final class RepairSigma implements AutoCloseable {
  private final Identifier helper;
  private final Identifier participant;
  private final Scalar value;

  RepairSigma(Identifier helper, Identifier participant, Scalar value) {
    this.helper = helper;
    this.participant = participant;
    this.value = value;
  }

  /** The helper that computed this sigma. */
  public Identifier helper() {
    return helper;
  }

  /** The participant whose share is being repaired. */
  public Identifier participant() {
    return participant;
  }

  Scalar value() {
    return value;
  }

  @Override
  public void close() {
    value.close();
  }

  @Override
  public String toString() {
    return "RepairSigma[" + helper + " for " + participant + ", redacted]";
  }
}
