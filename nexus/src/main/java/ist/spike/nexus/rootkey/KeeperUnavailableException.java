package ist.spike.nexus.rootkey;

/** A Keeper could not be reached, gave an unusable answer, or holds an invalid shard. */
public final class KeeperUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean invalidShard;

  /**
   * @param message which Keeper and what went wrong (no shard material)
   */
  public KeeperUnavailableException(String message) {
    this(message, null, false);
  }

  /**
   * @param message which Keeper and what went wrong (no shard material)
   * @param cause the transport failure
   */
  public KeeperUnavailableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param message which Keeper and what went wrong (no shard material)
   * @param cause the transport failure, or null
   * @param invalidShard whether the Keeper answered but holds an invalid shard (re-seedable)
   */
  public KeeperUnavailableException(String message, Throwable cause, boolean invalidShard) {
    super(message, cause);
    this.invalidShard = invalidShard;
  }

  /** Whether the Keeper was reached but holds an invalid shard, so re-seeding it can help. */
  public boolean holdsInvalidShard() {
    return invalidShard;
  }
}
