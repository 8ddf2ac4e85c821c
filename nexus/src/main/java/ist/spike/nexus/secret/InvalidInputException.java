package ist.spike.nexus.secret;

/** A request field breaks a validation rule; the message states the rule. Maps to HTTP 400. */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the rule that was broken and the field, never a secret value
   */
  public InvalidInputException(String message) {
    super(message);
  }
}
