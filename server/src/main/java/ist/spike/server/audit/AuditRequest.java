package ist.spike.server.audit;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One finished request, as audited. Never holds bodies, headers or secret values.
 *
 * @param trail the 8-character trail id
 * @param peer the peer's SPIFFE ID, or {@code "-"} before it is known
 * @param method the HTTP method
 * @param route the request path
 * @param action the {@code action} query parameter, or {@code ""}
 * @param status the HTTP status answered
 * @param err the SPIKE error code, or {@code ""} on success
 * @param durationNanos time from arrival to the answer
 * @param resource what the request touched (secret path and versions, policy name), in the order
 *     the handler named it; never values
 */
public record AuditRequest(
    String trail,
    String peer,
    String method,
    String route,
    String action,
    int status,
    String err,
    long durationNanos,
    Map<String, String> resource) {
  /** Checks the components and copies the resource map. */
  public AuditRequest {
    requireNonNull(trail, "trail");
    requireNonNull(peer, "peer");
    requireNonNull(method, "method");
    requireNonNull(route, "route");
    requireNonNull(action, "action");
    requireNonNull(err, "err");
    resource = Map.copyOf(requireNonNull(resource, "resource"));
  }
}
