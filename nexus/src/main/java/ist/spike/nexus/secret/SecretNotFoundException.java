package ist.spike.nexus.secret;

/** The secret path, or the requested version of it, does not exist or is deleted (HTTP 404). */
public final class SecretNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which path/version was not found
   */
  public SecretNotFoundException(String message) {
    super(message);
  }
}
