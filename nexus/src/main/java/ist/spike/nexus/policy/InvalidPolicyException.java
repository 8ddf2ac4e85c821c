package ist.spike.nexus.policy;

/**
 * A policy breaks a rule (bad name, pattern, permission, or reserved-path rule); the message says
 * which. Maps to HTTP 400 (SPIKE answers some of these with 500).
 */
public final class InvalidPolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the rule that was broken
   */
  public InvalidPolicyException(String message) {
    super(message);
  }
}
