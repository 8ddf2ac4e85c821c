package ist.spike.nexus.store;

/**
 * A backend could not complete an operation (I/O, database or configuration failure). Messages name
 * the operation and identifiers, never secret values.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secret values
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed, without secret values
   * @param cause the underlying failure
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
