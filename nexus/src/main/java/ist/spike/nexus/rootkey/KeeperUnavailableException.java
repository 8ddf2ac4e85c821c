package ist.spike.nexus.rootkey;

/** A Keeper could not be reached or gave an unusable answer. */
public final class KeeperUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which Keeper and what went wrong (no shard material)
   */
  public KeeperUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message which Keeper and what went wrong (no shard material)
   * @param cause the transport failure
   */
  public KeeperUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
