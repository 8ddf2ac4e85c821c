package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * A secret DKG round-2 message: the sender's polynomial evaluated at the recipient, {@code
 * f_sender(recipient)}. Send it to the recipient only, over a confidential, authenticated channel.
 * Wiped on close.
 */
public final class DkgRound2Package implements AutoCloseable {
  private final Identifier sender;
  private final Identifier recipient;
  private final Scalar value;

  DkgRound2Package(Identifier sender, Identifier recipient, Scalar value) {
    this.sender = sender;
    this.recipient = recipient;
    this.value = value;
  }

  /** Who computed this share. */
  public Identifier sender() {
    return sender;
  }

  /** Who must receive it. */
  public Identifier recipient() {
    return recipient;
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
    return "DkgRound2Package[" + sender + "->" + recipient + ", redacted]";
  }
}
