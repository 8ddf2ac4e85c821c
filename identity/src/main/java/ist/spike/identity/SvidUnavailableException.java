package ist.spike.identity;

/**
 * Thrown when an {@link X509SvidSource} has no usable SVID (files missing or unreadable, Workload
 * API unreachable, source closed).
 */
public final class SvidUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing and where it was looked for
   */
  public SvidUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is missing and where it was looked for
   * @param cause the underlying failure
   */
  public SvidUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
