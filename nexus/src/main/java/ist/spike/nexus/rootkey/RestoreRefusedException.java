package ist.spike.nexus.rootkey;

/**
 * A restore attempt was refused: the shard set rebuilt a key that does not match the data, or the
 * shards were inconsistent. The collected shards have been zeroed and discarded, so the operator
 * can start over with another set.
 */
public final class RestoreRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused and what the operator can do, without any shard material
   */
  public RestoreRefusedException(String message) {
    super(message);
  }
}
