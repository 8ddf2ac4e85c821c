package ist.spike.nexus.rootkey;

/**
 * Where an operator restore stands, as SPIKE's restore response reports it.
 *
 * @param collected distinct shards held now (after a restore, the shards that rebuilt the key; 0
 *     for an ignored shard)
 * @param remaining shards still needed, 0 once restored
 * @param restored whether Nexus holds a root key
 * @param ignored whether the shard just sent was discarded unused because Nexus already held its
 *     root key
 */
public record RestoreProgress(int collected, int remaining, boolean restored, boolean ignored) {
  /** Validates the counts. */
  public RestoreProgress {
    if (collected < 0 || remaining < 0) {
      throw new IllegalArgumentException(
          "shard counts must be >= 0, got collected=" + collected + " remaining=" + remaining);
    }
    if (ignored && !restored) {
      throw new IllegalArgumentException("a shard is ignored only once Nexus holds its root key");
    }
  }

  /** Progress of a shard that was used (not ignored). */
  public RestoreProgress(int collected, int remaining, boolean restored) {
    this(collected, remaining, restored, false);
  }

  /** The answer to a shard sent while Nexus already holds its root key. */
  static RestoreProgress ignoredWhileReady() {
    return new RestoreProgress(0, 0, true, true);
  }
}
