package ist.spike.spa.vault;

/** The text typed is not a well-formed recovery code (length or alphabet). */
public final class InvalidRecoveryCodeException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidRecoveryCodeException(String message) {
    super(message);
  }
}
