package ist.spike.server;

/**
 * Decides, after the POST check and before routing, whether a request may proceed; a refusal
 * answers 503 {@code {"err":"state_not_ready"}} even for unknown paths (SPIKE Nexus before it holds
 * its root key, except for recover and restore).
 */
@FunctionalInterface
public interface ReadinessGate {
  /** A gate that admits everything. */
  ReadinessGate OPEN = path -> true;

  /**
   * Tells whether a request for {@code path} may proceed now.
   *
   * @param path the request path
   * @return true to route it
   */
  boolean admits(String path);
}
