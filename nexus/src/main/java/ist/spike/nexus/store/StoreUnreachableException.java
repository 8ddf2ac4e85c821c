package ist.spike.nexus.store;

/**
 * The database server cannot be reached (down, restarting, network failure) or refused the
 * connection. The operation changed nothing, or — when the connection broke during a commit — its
 * outcome is unknown to this Nexus; Nexus answers {@code 503} so clients may try another instance.
 */
public final class StoreUnreachableException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The text clients see: what failed, what to do. */
  public static final String MESSAGE =
      "the database cannot be reached; retry shortly or use another Nexus instance";

  /**
   * Creates the exception.
   *
   * @param reason the database's own description (SQL state), never data
   * @param cause the underlying failure
   */
  public StoreUnreachableException(String reason, Throwable cause) {
    super(MESSAGE + " (" + reason + ")", cause);
  }
}
