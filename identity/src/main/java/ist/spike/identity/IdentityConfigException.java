package ist.spike.identity;

/**
 * Thrown when identity configuration (trust roots, SVID locations, the development CA) is unusable;
 * the message names the setting and the rule it breaks.
 */
public final class IdentityConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public IdentityConfigException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying failure
   */
  public IdentityConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
