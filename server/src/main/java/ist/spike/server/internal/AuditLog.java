package ist.spike.server.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit record per request to the logger {@value #LOGGER}, separate from the operational
 * log: time (from the logging backend), trail id, component, peer SPIFFE ID, method, path, action,
 * status, error code and duration. Never bodies, headers or query strings beyond the action.
 */
public final class AuditLog {
  /** The audit logger name; route it to its own appender. */
  public static final String LOGGER = "spike.audit";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final char[] ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final String component;

  /**
   * Creates the audit log of one server.
   *
   * @param component the server name, for example {@code nexus}
   */
  public AuditLog(String component) {
    this.component = component;
  }

  /** Returns a new 8-character trail id. */
  public static String newTrailId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] id = new char[8];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  /**
   * Records one request.
   *
   * @param trail the trail id
   * @param peer the peer's SPIFFE ID, or {@code "-"}
   * @param method the HTTP method
   * @param path the path
   * @param action the action, or {@code ""}
   * @param status the HTTP status
   * @param err the error code, or {@code ""} on success
   * @param durationNanos how long the request took
   */
  public void record(
      String trail,
      String peer,
      String method,
      String path,
      String action,
      int status,
      String err,
      long durationNanos) {
    if (!log.isInfoEnabled()) {
      return;
    }
    long micros = durationNanos / 1000;
    log.atInfo()
        .addKeyValue("component", component)
        .addKeyValue("trail", trail)
        .addKeyValue("peer", peer)
        .addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("action", action)
        .addKeyValue("status", status)
        .addKeyValue("err", err)
        .addKeyValue("duration_us", micros)
        .log(
            "{} {} {} {} {}{} -> {}{} in {}us",
            component,
            trail,
            peer,
            method,
            path,
            action.isEmpty() ? "" : "?action=" + action,
            status,
            err.isEmpty() ? "" : " " + err,
            micros);
  }

  /**
   * Records a lifecycle event.
   *
   * @param name the event name
   * @param outcome its outcome
   * @param details non-secret details
   */
  public void event(String name, String outcome, java.util.Map<String, String> details) {
    if (!log.isInfoEnabled()) {
      return;
    }
    var b =
        log.atInfo()
            .addKeyValue("component", component)
            .addKeyValue("event", name)
            .addKeyValue("outcome", outcome);
    for (var d : new java.util.TreeMap<>(details).entrySet()) {
      b = b.addKeyValue(d.getKey(), d.getValue());
    }
    b.log("{} event {} {} {}", component, name, outcome, new java.util.TreeMap<>(details));
  }
}
