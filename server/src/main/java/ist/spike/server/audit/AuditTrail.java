package ist.spike.server.audit;

import static java.util.Objects.requireNonNull;

import ist.spike.server.internal.AuditLog;
import java.util.Map;

/**
 * Where a server's audit records go. Implementations are thread-safe.
 *
 * <p>Lifecycle events ({@link #event}) are for what happens outside a request or beyond it: root
 * key rebuilt, restore shard accepted or refused, Keeper re-seeded, recover, bootstrap. Their
 * details name things (Keeper URLs, shard counts, reasons), never key or shard material.
 */
public interface AuditTrail {
  /**
   * Records a finished request.
   *
   * @param request the request; not null
   * @return false if the record could not be written
   */
  boolean request(AuditRequest request);

  /**
   * Records a lifecycle event.
   *
   * @param name the event, for example {@code root_key_rebuilt}; not null
   * @param outcome {@code ok}, {@code refused} or {@code failed}; not null
   * @param details non-secret details; not null
   * @return false if the record could not be written
   */
  boolean event(String name, String outcome, Map<String, String> details);

  /**
   * Returns whether requests may be served now: false only in fail-closed mode while the sink
   * cannot be written (the server then answers 503).
   */
  default boolean admits() {
    return true;
  }

  /**
   * Returns a trail that writes unchained records to the {@code spike.audit} logger (ADR-0016).
   *
   * @param component the server name; not null
   * @return the trail
   */
  static AuditTrail toLogger(String component) {
    AuditLog log = new AuditLog(requireNonNull(component, "component"));
    return new AuditTrail() {
      @Override
      public boolean request(AuditRequest r) {
        log.record(
            r.trail(),
            r.peer(),
            r.method(),
            r.route(),
            r.action(),
            r.status(),
            r.err(),
            r.durationNanos());
        return true;
      }

      @Override
      public boolean event(String name, String outcome, Map<String, String> details) {
        log.event(name, outcome, details);
        return true;
      }
    };
  }
}
