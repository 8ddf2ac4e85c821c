package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * A secret DKG round-2 message: the sender's polynomial evaluated at the recipient, {@code
 * f_sender(recipient)}. Send it to the recipient only, over a confidential, authenticated channel.
 * Wiped on close.
 */
public final class DkgRound2Package extends SecretScalarMessage {
  DkgRound2Package(Identifier sender, Identifier recipient, Scalar value) {
    super(sender, recipient, value);
  }

  @Override
  public String toString() {
    return "DkgRound2Package[" + sender() + "->" + recipient() + ", redacted]";
  }
}
