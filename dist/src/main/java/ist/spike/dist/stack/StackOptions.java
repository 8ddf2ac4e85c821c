package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code bin/spike-dev} starts.
 *
 * @param dir the stack directory (SVIDs, Nexus data, logs, pid files, {@code env})
 * @param keepers number of Keepers, which is also SPIKE_NEXUS_SHAMIR_SHARES
 * @param threshold SPIKE_NEXUS_SHAMIR_THRESHOLD
 * @param backend {@code sqlite}, {@code memory} or {@code lite}
 * @param bootstrap whether to run Bootstrap (false: Keepers start empty, restore is needed)
 * @param keeperUpdateInterval SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL for Nexus, at most {@link
 *     #MAX_KEEPER_INTERVAL}
 */
public record StackOptions(
    Path dir,
    int keepers,
    int threshold,
    String backend,
    boolean bootstrap,
    Duration keeperUpdateInterval) {
  /**
   * Upper bound of the development stack's Keeper check interval, so a Keeper restarted empty holds
   * its shard again within seconds.
   */
  public static final Duration MAX_KEEPER_INTERVAL = Duration.ofSeconds(5);

  /** Validates. */
  public StackOptions {
    requireNonNull(dir, "dir");
    requireNonNull(backend, "backend");
    requireNonNull(keeperUpdateInterval, "keeperUpdateInterval");
    backend = backend.toLowerCase(Locale.ROOT);
    if (!backend.equals("sqlite") && !backend.equals("memory") && !backend.equals("lite")) {
      throw new IllegalArgumentException(
          "--backend must be sqlite, memory or lite, got '" + backend + "'");
    }
    if (keepers < 1 || keepers > 64) {
      throw new IllegalArgumentException("--keepers must be between 1 and 64, got " + keepers);
    }
    if (threshold < 1 || threshold > keepers) {
      throw new IllegalArgumentException(
          "--threshold must be between 1 and --keepers (" + keepers + "), got " + threshold);
    }
    if (keeperUpdateInterval.isNegative()
        || keeperUpdateInterval.isZero()
        || keeperUpdateInterval.compareTo(MAX_KEEPER_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "--keeper-interval must be positive and at most "
              + MAX_KEEPER_INTERVAL.toSeconds()
              + "s on the development stack, got "
              + keeperUpdateInterval.toMillis()
              + "ms");
    }
  }

  /** Whether this backend keeps its root key with Keepers (memory does not, as in SPIKE). */
  public boolean usesKeepers() {
    return !backend.equals("memory");
  }
}
