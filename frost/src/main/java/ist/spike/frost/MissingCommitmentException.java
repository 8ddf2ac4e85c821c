package ist.spike.frost;

import static java.util.Objects.requireNonNull;

/** The signing package has no commitment from a signer that is asked to sign. */
public final class MissingCommitmentException extends FrostException {
  private static final long serialVersionUID = 1L;
  private final Identifier signer;

  /**
   * @param signer the signer whose commitment is missing
   */
  public MissingCommitmentException(Identifier signer) {
    super("the signing package has no commitment from signer " + requireNonNull(signer, "signer"));
    this.signer = signer;
  }

  /** The signer whose commitment is missing. */
  public Identifier signer() {
    return signer;
  }
}
