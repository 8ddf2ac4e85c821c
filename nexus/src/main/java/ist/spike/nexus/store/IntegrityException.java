package ist.spike.nexus.store;

/**
 * Stored data failed authentication: a ciphertext was altered, moved to another row, or was written
 * under another key. The backend never returns data in that case.
 */
public final class IntegrityException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where the check failed (table, row identifiers), never the data
   */
  public IntegrityException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message where the check failed (table, row identifiers), never the data
   * @param cause the underlying failure
   */
  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
