package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * Step-2 output of share repair: one helper's sum of the deltas it received, sent to the
 * participant being repaired over a confidential, authenticated channel. Its {@link #sender()} is
 * the helper and its {@link #recipient()} the participant. Wiped on close.
 */
public final class RepairSigma extends SecretScalarMessage {
  RepairSigma(Identifier helper, Identifier participant, Scalar value) {
    super(helper, participant, value);
  }

  /** The helper that computed this sigma (same as {@link #sender()}). */
  public Identifier helper() {
    return sender();
  }

  /** The participant whose share is being repaired (same as {@link #recipient()}). */
  public Identifier participant() {
    return recipient();
  }

  @Override
  public String toString() {
    return "RepairSigma[" + helper() + " for " + participant() + ", redacted]";
  }
}
