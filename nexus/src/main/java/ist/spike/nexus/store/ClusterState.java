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
  /** How long a claim blocks other Bootstrap runs when its run never finished keying. */
  Duration CLAIM_LEASE = Duration.ofMinutes(10);

  /**
   * Returns true if the store holds a key-check value or data.
   *
   * @throws StoreException if the store cannot be read
   */
  boolean initialized();

  /**
   * Records {@code token} as the Bootstrap run that keys this cluster unless another run's claim,
   * younger than {@link #CLAIM_LEASE}, is held; claiming again with the held token succeeds.
   *
   * @param token the run's random token
   * @return true if {@code token} now holds the claim
   * @throws StoreException if the store cannot be reached
   */
  boolean claimBootstrap(String token);

  @Override
  default void close() {}

  /**
   * Opens the state of the configured store.
   *
   * @param config the store settings
   * @return the state; the caller closes it
   */
  static ClusterState open(BackendConfig config) {
    requireNonNull(config, "config");
    return switch (config.kind()) {
      case POSTGRES -> PostgresClusterState.open(config.postgres().orElseThrow());
      case SQLITE ->
          new LocalClusterState(
              () -> SqliteStore.inspect(config.dataDir()).initialized(), Clock.systemUTC());
      case MEMORY, LITE -> new LocalClusterState(() -> false, Clock.systemUTC());
    };
  }
}
