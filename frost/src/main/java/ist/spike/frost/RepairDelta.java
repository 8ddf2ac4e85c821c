package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * Step-1 output of share repair: a secret random summand that one helper ({@link #sender()}) sends
 * to another helper ({@link #recipient()}) over a confidential, authenticated channel. Wiped on
 * close.
 */
public final class RepairDelta extends SecretScalarMessage {
  private final Identifier participant;

  RepairDelta(Identifier sender, Identifier recipient, Identifier participant, Scalar value) {
    super(sender, recipient, value);
    this.participant = participant;
  }

  /** The participant whose share is being repaired. */
  public Identifier participant() {
    return participant;
  }

  @Override
  public String toString() {
    return "RepairDelta[" + sender() + "->" + recipient() + " for " + participant + ", redacted]";
  }
}
