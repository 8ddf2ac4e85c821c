package ist.spike.crypto.shamir;

/** Threshold and share count do not form a valid scheme (for example threshold 3 of 2 shares). */
public final class InvalidShamirParametersException extends ShamirException {
  private static final long serialVersionUID = 1L;

  InvalidShamirParametersException(String message) {
    super(message);
  }
}
