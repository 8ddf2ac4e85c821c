package ist.spike.nexus.rootkey;

/**
 * Where an operator restore stands, as SPIKE's restore response reports it.
 *
 * @param collected distinct shards held now (after a restore, the shards that rebuilt the key)
 * @param remaining shards still needed, 0 once restored
 * @param restored whether Nexus holds a root key
 */
public record RestoreProgress(int collected, int remaining, boolean restored) {
  /** Validates the counts. */
  public RestoreProgress {
    if (collected < 0 || remaining < 0) {
      throw new IllegalArgumentException(
          "shard counts must be >= 0, got collected=" + collected + " remaining=" + remaining);
    }
  }
}
