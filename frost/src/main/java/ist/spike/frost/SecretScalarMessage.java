package ist.spike.frost;

import ist.spike.frost.internal.Scalar;

/**
 * A secret scalar that one participant computes for exactly one other participant (DKG round-2
 * shares, share-repair deltas and sigmas). Holds who sent it and who must receive it; the scalar is
 * wiped on close. Subclasses add the protocol-specific context and a redacting {@code toString}.
 */
abstract sealed class SecretScalarMessage implements AutoCloseable
    permits DkgRound2Package, RepairDelta, RepairSigma {
  private final Identifier sender;
  private final Identifier recipient;
  private final Scalar value;

  SecretScalarMessage(Identifier sender, Identifier recipient, Scalar value) {
    this.sender = sender;
    this.recipient = recipient;
    this.value = value;
  }

  /** Who computed this message. */
  public final Identifier sender() {
    return sender;
  }

  /** Who must receive it (and no one else). */
  public final Identifier recipient() {
    return recipient;
  }

  /** The secret scalar; callers must not close it (the message owns it). */
  final Scalar value() {
    return value;
  }

  /** Zeroes the secret scalar. Idempotent. */
  @Override
  public final void close() {
    value.close();
  }

  @Override
  public abstract String toString();
}
