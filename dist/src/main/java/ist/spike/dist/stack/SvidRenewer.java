package ist.spike.dist.stack;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the stack's SVID files fresh: mints every component's SVID when the stack starts (so a
 * restart never reuses expired files) and again every third of the lifetime, well before half of it
 * has passed. The servers' file SVID sources notice the new files and use them for the next
 * handshakes, so nothing restarts; Pilot reads its files at every call.
 */
public final class SvidRenewer implements AutoCloseable {
  private static final List<SpikeRole> ROLES =
      List.of(
          SpikeRole.NEXUS,
          SpikeRole.KEEPER,
          SpikeRole.BOOTSTRAP,
          SpikeRole.PILOT_SUPERUSER,
          SpikeRole.PILOT_RECOVER,
          SpikeRole.PILOT_RESTORE);

  private final DevTrustDomain trustDomain;
  private final Duration ttl;
  private final PrintStream out;
  private final ScheduledExecutorService scheduler;

  private SvidRenewer(DevTrustDomain trustDomain, Duration ttl, PrintStream out) {
    this.trustDomain = trustDomain;
    this.ttl = ttl;
    this.out = out;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spike-dev-svid-renewal");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Mints every SVID now and schedules the renewals.
   *
   * @param trustDomain the development trust domain
   * @param ttl the SVID lifetime (at least 3 seconds)
   * @param out where a failed renewal is reported
   * @return the running renewer; close it to stop renewing
   */
  public static SvidRenewer start(DevTrustDomain trustDomain, Duration ttl, PrintStream out) {
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(ttl, "ttl");
    if (ttl.compareTo(Duration.ofSeconds(3)) < 0) {
      throw new IllegalArgumentException("--ttl must be at least 3s, got " + ttl);
    }
    SvidRenewer renewer = new SvidRenewer(trustDomain, ttl, out);
    renewer.renewAll();
    long period = ttl.toMillis() / 3;
    renewer.scheduler.scheduleAtFixedRate(
        renewer::renewQuietly, period, period, TimeUnit.MILLISECONDS);
    return renewer;
  }

  /** Returns how often the SVIDs are renewed. */
  public Duration period() {
    return ttl.dividedBy(3);
  }

  void renewAll() {
    for (SpikeRole role : ROLES) {
      trustDomain.rotate(trustDomain.idOf(role), ttl);
    }
  }

  private void renewQuietly() {
    try {
      renewAll();
    } catch (UncheckedIOException | ist.spike.identity.IdentityConfigException e) {
      out.println("spike-dev: cannot renew the SVIDs: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
