package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * What Nexus can learn and decide about its store before it holds the root key: whether a root key
 * was ever used with the data, and which Bootstrap run has the right to key it (ADR-0092).
 *
 * <p>For {@code postgres} both live in the shared database, so every instance of a cluster answers
 * alike and two Bootstrap runs racing through different instances get one winner. For the
 * single-process backends the claim lives in this process.
 */
public interface ClusterState extends AutoCloseable {
  /**
   * Default of {@code SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE}: how long a claim blocks other Bootstrap
   * runs after its run last renewed it (a run renews it before every Keeper delivery attempt).
   */
  Duration CLAIM_LEASE = Duration.ofMinutes(10);

  /**
   * Returns true if the store holds a key-check value or data.
   *
   * @throws StoreException if the store cannot be read
   */
  boolean initialized();

  /**
   * Records {@code token} as the Bootstrap run that keys this cluster unless another run's claim,
   * renewed within the lease, is held; claiming again with the held token succeeds and renews the
   * lease.
   *
   * @param token the run's random token
   * @return true if {@code token} now holds the claim
   * @throws StoreException if the store cannot be reached
   */
  boolean claimBootstrap(String token);

  /**
   * Reads the public values of the root key's split kept with the data, without the root key: the
   * Feldman commitments of the split in force and the key-generations record (which holds an
   * unfinished rekey's commitments, ADR-0163). Backends that keep nothing answer empty.
   *
   * @return the two stored values, each empty if absent
   * @throws StoreException if the store cannot be read
   */
  default SplitMeta splitMeta() {
    return SplitMeta.NONE;
  }

  /**
   * The public split values of {@link #splitMeta()}.
   *
   * @param commitments the stored {@code FeldmanCommitments.toBytes()}, if any
   * @param generations the stored {@code KeyGenerations.toBytes()}, if any
   */
  record SplitMeta(java.util.Optional<byte[]> commitments, java.util.Optional<byte[]> generations) {
    /** Nothing stored. */
    public static final SplitMeta NONE =
        new SplitMeta(java.util.Optional.empty(), java.util.Optional.empty());

    /** Validates the components. */
    public SplitMeta {
      requireNonNull(commitments, "commitments");
      requireNonNull(generations, "generations");
    }
  }

  @Override
  default void close() {}

  /**
   * Opens the state of the configured store.
   *
   * @param config the store settings
   * @return the state; the caller closes it
   */
  static ClusterState open(BackendConfig config) {
    return open(config, CLAIM_LEASE);
  }

  /**
   * Opens the state of the configured store with another claim lease.
   *
   * @param config the store settings
   * @param lease how long an unrenewed Bootstrap claim blocks other runs; at least one second
   * @return the state; the caller closes it
   */
  static ClusterState open(BackendConfig config, Duration lease) {
    requireNonNull(config, "config");
    requireNonNull(lease, "lease");
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE must be at least 1s; got " + lease);
    }
    return switch (config.kind()) {
      case POSTGRES -> PostgresClusterState.open(config.postgres().orElseThrow(), lease);
      case SQLITE ->
          new LocalClusterState(
              () -> SqliteStore.inspect(config.dataDir()).initialized(),
              () -> SqliteStore.splitMeta(config.dataDir()),
              Clock.systemUTC(),
              lease);
      case MEMORY, LITE -> new LocalClusterState(() -> false, Clock.systemUTC(), lease);
    };
  }
}
