package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** The cluster state of a backend used by one process: the claim is held in memory. */
final class LocalClusterState implements ClusterState {
  private final BooleanSupplier initialized;
  private final Clock clock;
  private String holder;
  private Instant claimedAt;

  LocalClusterState(BooleanSupplier initialized, Clock clock) {
    this.initialized = requireNonNull(initialized, "initialized");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public boolean initialized() {
    return initialized.getAsBoolean();
  }

  @Override
  public synchronized boolean claimBootstrap(String token) {
    requireNonNull(token, "token");
    Instant now = clock.instant();
    if (holder == null || holder.equals(token) || claimedAt.plus(CLAIM_LEASE).isBefore(now)) {
      if (!token.equals(holder)) {
        holder = token;
        claimedAt = now;
      }
      return true;
    }
    return false;
  }
}
