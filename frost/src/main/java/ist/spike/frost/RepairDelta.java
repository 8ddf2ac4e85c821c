package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * Step-1 output of share repair: a secret random summand that one helper sends to another helper
 * over a confidential, authenticated channel. Wiped on close.
 */
public final class RepairDelta implements AutoCloseable {
  private final Identifier sender;
  private final Identifier recipient;
  private final Identifier participant;
  private final Scalar value;

  RepairDelta(Identifier sender, Identifier recipient, Identifier participant, Scalar value) {
    this.sender = sender;
    this.recipient = recipient;
    this.participant = participant;
    this.value = value;
  }

  /** The helper that computed this delta. */
  public Identifier sender() {
    return sender;
  }

  /** The helper this delta must be sent to. */
  public Identifier recipient() {
    return recipient;
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
    return "RepairDelta[" + sender + "->" + recipient + " for " + participant + ", redacted]";
  }
}
