package ist.spike.frost;

import static java.util.Objects.requireNonNull;

/**
 * A secret share does not match the public commitments it must satisfy: a dealt share failing
 * verifiable-secret-sharing verification, a key package whose verifying share is not its signing
 * share times the base point, a repaired share that is not the original, or a refresh share that
 * fails its commitment.
 */
public final class InvalidShareException extends FrostException {
  private static final long serialVersionUID = 1L;
  private final Identifier participant;

  /**
   * @param participant the participant whose share is invalid
   * @param rule what the share fails, without secret values
   */
  public InvalidShareException(Identifier participant, String rule) {
    super("share of participant " + requireNonNull(participant, "participant") + ": " + rule);
    this.participant = participant;
  }

  /** The participant whose share is invalid. */
  public Identifier participant() {
    return participant;
  }
}
