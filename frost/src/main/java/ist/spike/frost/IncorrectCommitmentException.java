package ist.spike.frost;

import static java.util.Objects.requireNonNull;

/**
 * The commitment a signing package lists for a signer is not the one that signer made in round 1:
 * it was tampered with, mixed up with another session, or paired with the wrong nonces.
 */
public final class IncorrectCommitmentException extends FrostException {
  private static final long serialVersionUID = 1L;
  private final Identifier signer;

  /**
   * @param signer the signer whose listed commitment does not match
   */
  public IncorrectCommitmentException(Identifier signer) {
    super(
        "the signing package's commitment for signer "
            + requireNonNull(signer, "signer")
            + " does not match that signer's round-1 nonces");
    this.signer = signer;
  }

  /** The signer whose listed commitment does not match. */
  public Identifier signer() {
    return signer;
  }
}
