package ist.spike.server;

import static java.util.Objects.requireNonNull;

/**
 * A route: the exact request path and the {@code action} query parameter ({@code ""} when absent or
 * empty, SPIKE's default operation). Matching is exact and case-sensitive: {@code /v1/x/} is not
 * {@code /v1/x}, and {@code action=GET} is not {@code action=get}.
 *
 * @param path the path, starting with {@code /}
 * @param action the action, {@code ""} for none
 */
public record RouteKey(String path, String action) {
  /** Validates the components. */
  public RouteKey {
    requireNonNull(path, "path must not be null");
    requireNonNull(action, "action must not be null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/', got " + path);
    }
  }

  /**
   * Returns the route of a path without an action.
   *
   * @param path the path
   * @return the key
   */
  public static RouteKey of(String path) {
    return new RouteKey(path, "");
  }

  /**
   * Returns the route of a path and action.
   *
   * @param path the path
   * @param action the action
   * @return the key
   */
  public static RouteKey of(String path, String action) {
    return new RouteKey(path, action);
  }

  // equals and hashCode are written out: a record's generated ones are bootstrapped through method
  // handles at their first call, which spins classes while a server starts (ADR 0249).
  @Override
  public boolean equals(Object o) {
    return o instanceof RouteKey other && path.equals(other.path) && action.equals(other.action);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + action.hashCode();
  }

  @Override
  public String toString() {
    return action.isEmpty() ? path : path + "?action=" + action;
  }
}
