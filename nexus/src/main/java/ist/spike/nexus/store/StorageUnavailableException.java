package ist.spike.nexus.store;

/**
 * The data store refused a write because of its environment, not the request: the disk is full, the
 * data directory or database file is read-only, or the file system reported an I/O error. The write
 * changed nothing; reads keep working, and writes succeed again once space or permissions return
 * (Nexus answers {@code 507 store_unavailable}, ADR-0048).
 */
public final class StorageUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** The text operators and clients see: what failed, what to do. */
  public static final String MESSAGE =
      "the data store cannot write: disk full or read-only data directory; free space or fix"
          + " permissions, reads still work";

  /**
   * Creates the exception.
   *
   * @param reason the database's own description (result code or message), never data
   * @param cause the underlying failure
   */
  public StorageUnavailableException(String reason, Throwable cause) {
    super(MESSAGE + " (" + reason + ")", cause);
  }
}
