package ist.spike.server.metrics;

import ist.spike.identity.X509SvidSource;
import java.util.function.LongSupplier;

/**
 * What the server base records about its requests: {@link ServerMetrics} (Micrometer and its
 * Prometheus registry) when metrics are served or the application gives its own, else {@link
 * #NONE}, so that a server with its metrics listener {@code off} never loads Micrometer's classes.
 */
public interface RequestMetrics {
  /** Records nothing and loads nothing. */
  RequestMetrics NONE = new RequestMetrics() {};

  /**
   * Records one answered request.
   *
   * @param route the matched route path, or {@code other}
   * @param action the matched action, or {@code ""}
   * @param status the HTTP status
   * @param nanos how long it took
   */
  default void request(String route, String action, int status, long nanos) {}

  /** Returns the hook that counts requests refused by limits. */
  default RefusalCounter refusals() {
    return RefusalCounter.NONE;
  }

  /**
   * Publishes a limit's own refusal count, read at each scrape.
   *
   * @param reason the fixed reason label
   * @param count reads the count
   */
  default void refusalsCountedBy(String reason, LongSupplier count) {}

  /**
   * Publishes when the server's SVID expires.
   *
   * @param source the server's SVID source
   */
  default void watchSvid(X509SvidSource source) {}
}
