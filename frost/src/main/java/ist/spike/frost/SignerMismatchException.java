package ist.spike.frost;

/**
 * The signers named in different inputs do not agree: a signature share without a commitment, a
 * commitment without a share, a signer unknown to the public key package, a duplicated identifier,
 * or key packages from different groups.
 */
public final class SignerMismatchException extends FrostException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that names the identifiers involved. */
  public SignerMismatchException(String message) {
    super(message);
  }
}
