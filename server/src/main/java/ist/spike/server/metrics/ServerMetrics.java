package ist.spike.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ist.spike.identity.X509SvidSource;
import java.time.Duration;

/**
 * The metrics of one server, in a Prometheus registry of its own (no global registry: tests run
 * several servers in one JVM). Names as scraped:
 *
 * <ul>
 *   <li>{@code spike_requests_seconds} (histogram; labels {@code server, route, action, status}):
 *       every answered request; an unknown path or action is counted as route {@code other}
 *   <li>{@code spike_requests_refused_total} ({@code server, reason}): refused by a limit
 *   <li>{@code spike_audit_records_lost_total} ({@code server}): audit records that could not be
 *       written
 *   <li>{@code spike_svid_expiry_timestamp_seconds} ({@code server}): when the server's current
 *       SVID expires, Unix seconds
 * </ul>
 *
 * Applications add their own meters to {@link #registry()}.
 */
public final class ServerMetrics implements RequestMetrics {
  private final String server;
  private final PrometheusMeterRegistry registry;
  private final Counter lostAudit;
  // Micrometer holds a function counter's object weakly; these keep them alive.
  private final java.util.List<Object> suppliers =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private ServerMetrics(String server) {
    this.server = server;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("server", server);
    this.lostAudit =
        Counter.builder("spike_audit_records_lost")
            .description("Audit records that could not be written")
            .register(registry);
  }

  /**
   * Creates the metrics of a server.
   *
   * @param server the server name, for example {@code nexus}; not null
   * @return the metrics
   */
  public static ServerMetrics create(String server) {
    return new ServerMetrics(requireNonNull(server, "server"));
  }

  /** Returns the registry, for an application's own meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records one answered request.
   *
   * @param route the matched route path, or {@code other}
   * @param action the matched action, or {@code ""}
   * @param status the HTTP status
   * @param nanos how long it took
   */
  @Override
  public void request(String route, String action, int status, long nanos) {
    Timer.builder("spike_requests")
        .description("Answered requests by route, action and status")
        .tags("route", route, "action", action, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** Returns the hook that counts requests refused by limits. */
  @Override
  public RefusalCounter refusals() {
    return reason ->
        Counter.builder("spike_requests_refused")
            .description("Requests refused by a protection limit")
            .tag("reason", reason)
            .register(registry)
            .increment();
  }

  /**
   * Publishes a limit's own refusal count as {@code spike_requests_refused_total{reason}}, read at
   * each scrape.
   *
   * @param reason the fixed reason label
   * @param count reads the count; held strongly
   */
  @Override
  public void refusalsCountedBy(String reason, java.util.function.LongSupplier count) {
    requireNonNull(count, "count");
    FunctionCounter.builder("spike_requests_refused", count, c -> (double) c.getAsLong())
        .description("Requests refused by a protection limit")
        .tag("reason", requireNonNull(reason, "reason"))
        .register(registry);
    suppliers.add(count);
  }

  /** Counts audit records that could not be written. */
  public void auditRecordLost(long count) {
    lostAudit.increment(count);
  }

  /**
   * Publishes when the server's SVID expires (read at every scrape, so rotation shows).
   *
   * @param source the server's SVID source; not null
   */
  @Override
  public void watchSvid(X509SvidSource source) {
    requireNonNull(source, "source");
    Gauge.builder(
            "spike_svid_expiry_timestamp_seconds",
            source,
            s -> s.svid().expiresAt().getEpochSecond())
        .description("When the server's current X.509-SVID expires (Unix seconds)")
        .register(registry);
  }

  /** Returns the Prometheus text exposition (format 0.0.4) of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public String toString() {
    return "ServerMetrics[" + server + "]";
  }
}
