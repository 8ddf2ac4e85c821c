package ist.spike.frost;

/** An aggregated signature failed verification although every share verified. */
public final class InvalidSignatureException extends FrostException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception that says what failed. */
  public InvalidSignatureException(String message) {
    super(message);
  }
}
