package ist.spike.nexus.observe;

import ist.spike.nexus.rotation.KeyRunEvents;

/**
 * Lifecycle events of Nexus, each written to the audit chain and counted in metrics. Call sites
 * pass names and counts only: never keys, shards or secret values. Thread-safe.
 */
public interface NexusEvents extends KeyRunEvents {
  /** Events that go nowhere (tests, embedded use). */
  NexusEvents NONE = new NexusEvents() {};

  /** How one Keeper answered a check (a shard fetch while Nexus waits for its root key). */
  enum KeeperCheck {
    /** The Keeper answered with a shard. */
    HOLDS_SHARD,
    /** The Keeper answered but holds no shard. */
    EMPTY,
    /** The Keeper could not be reached or answered nonsense. */
    UNREACHABLE;

    /** Returns the metric and audit label, for example {@code holds_shard}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The root key was rebuilt and installed.
   *
   * @param source where it came from, for example {@code keepers} or {@code operator restore}
   */
  default void rootKeyInstalled(String source) {}

  /**
   * A restore shard was submitted.
   *
   * @param accepted whether it was taken
   * @param shardId the shard's index as sent (never its value)
   * @param collected shards collected so far (after this one)
   * @param remaining shards still needed
   * @param reason why it was refused, or {@code ""}
   */
  default void restoreShard(
      boolean accepted, int shardId, int collected, int remaining, String reason) {}

  /**
   * Recovery shards were handed to an operator.
   *
   * @param peer the operator's SPIFFE ID
   * @param count how many shards
   */
  default void recoverHandedOut(String peer, int count) {}

  /**
   * One Keeper was checked for its shard.
   *
   * @param keeper the Keeper's URL
   * @param result what it answered
   */
  default void keeperCheck(String keeper, KeeperCheck result) {}

  /**
   * A Keeper was (re-)seeded with its shard, or the attempt failed.
   *
   * @param keeper the Keeper's URL
   * @param ok whether it took the shard
   */
  default void keeperSeeded(String keeper, boolean ok) {}
}
