package ist.spike.nexus.snapshot;

/**
 * A snapshot file is malformed, over a limit, altered since it was written, or does not match the
 * store it is restored into. The message says which, never the content.
 */
public final class InvalidSnapshotException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong
   */
  public InvalidSnapshotException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong
   * @param cause the cause
   */
  public InvalidSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
