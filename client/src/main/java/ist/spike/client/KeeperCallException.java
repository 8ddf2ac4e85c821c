package ist.spike.client;

/** A call to a Keeper failed: unreachable, refused, or an unusable answer. */
public final class KeeperCallException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which Keeper and what happened (never shard bytes)
   */
  public KeeperCallException(String message) {
    super(message);
  }

  /**
   * @param message which Keeper and what happened (never shard bytes)
   * @param cause the underlying failure
   */
  public KeeperCallException(String message, Throwable cause) {
    super(message, cause);
  }
}
