package ist.spike.custody;

/** A call to a Keeper failed: unreachable, refused, or an unusable answer. */
public final class KeeperCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean invalidShard;

  /**
   * @param message which Keeper and what happened (never shard bytes)
   */
  public KeeperCallException(String message) {
    super(message);
    this.invalidShard = false;
  }

  /**
   * @param message which Keeper and what happened (never shard bytes)
   * @param cause the underlying failure
   */
  public KeeperCallException(String message, Throwable cause) {
    super(message, cause);
    this.invalidShard = false;
  }

  private KeeperCallException(String message, boolean invalidShard) {
    super(message);
    this.invalidShard = invalidShard;
  }

  /**
   * The Keeper answered, but holds a shard that is not a valid share (zero, or not below the group
   * order): it is reachable and can be re-seeded.
   *
   * @param message which Keeper and what is wrong (never shard bytes)
   * @return the exception
   */
  public static KeeperCallException invalidShard(String message) {
    return new KeeperCallException(message, true);
  }

  /** Whether the Keeper was reached and holds an invalid shard (see {@link #invalidShard}). */
  public boolean holdsInvalidShard() {
    return invalidShard;
  }
}
