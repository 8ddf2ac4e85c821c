package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The cluster state of a backend used by one process: the claim is held in memory. */
final class LocalClusterState implements ClusterState {
  private final BooleanSupplier initialized;
  private final Supplier<SplitMeta> splitMeta;
  private final Clock clock;
  private final Duration lease;
  private String holder;
  private Instant claimedAt;

  LocalClusterState(BooleanSupplier initialized, Clock clock) {
    this(initialized, clock, CLAIM_LEASE);
  }

  LocalClusterState(BooleanSupplier initialized, Clock clock, Duration lease) {
    this(initialized, () -> SplitMeta.NONE, clock, lease);
  }

  LocalClusterState(
      BooleanSupplier initialized, Supplier<SplitMeta> splitMeta, Clock clock, Duration lease) {
    this.initialized = requireNonNull(initialized, "initialized");
    this.splitMeta = requireNonNull(splitMeta, "splitMeta");
    this.clock = requireNonNull(clock, "clock");
    this.lease = requireNonNull(lease, "lease");
  }

  @Override
  public boolean initialized() {
    return initialized.getAsBoolean();
  }

  @Override
  public SplitMeta splitMeta() {
    return splitMeta.get();
  }

  @Override
  public synchronized boolean claimBootstrap(String token) {
    requireNonNull(token, "token");
    Instant now = clock.instant();
    if (holder == null || holder.equals(token) || claimedAt.plus(lease).isBefore(now)) {
      holder = token;
      claimedAt = now; // the holder renews its lease by claiming again
      return true;
    }
    return false;
  }
}
