package ist.spike.server;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of an application in one place, each with its guard, so that authorization can be
 * reviewed at a glance.
 *
 * <pre>{@code
 * RouteTable routes = RouteTable.builder()
 *     .add(Route.of("/v1/store/contribute", "", Guard.roles(roles, NEXUS, BOOTSTRAP), contribute))
 *     .add(Route.of("/v1/store/shard", "", Guard.roles(roles, NEXUS), shard)
 *         .withErrorBody(code -> ShardGetResponse.error(code)))
 *     .build();
 * }</pre>
 */
public final class RouteTable {
  private final Map<RouteKey, Route> routes;

  private RouteTable(Map<RouteKey, Route> routes) {
    this.routes = routes;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Finds a route.
   *
   * @param key path and action
   * @return the route, or empty (400 {@code api_bad_request})
   */
  public Optional<Route> find(RouteKey key) {
    return Optional.ofNullable(routes.get(requireNonNull(key, "key must not be null")));
  }

  /** Returns every route in registration order. */
  public List<Route> routes() {
    return List.copyOf(routes.values());
  }

  @Override
  public String toString() {
    return "RouteTable" + new ArrayList<>(routes.values());
  }

  /** Builds a {@link RouteTable}. */
  public static final class Builder {
    private final Map<RouteKey, Route> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a route.
     *
     * @param route the route
     * @return this builder
     * @throws IllegalArgumentException if the path and action are already registered
     */
    public Builder add(Route route) {
      requireNonNull(route, "route must not be null");
      if (routes.putIfAbsent(route.key(), route) != null) {
        throw new IllegalArgumentException("route " + route.key() + " is registered twice");
      }
      return this;
    }

    /** Returns the table. */
    public RouteTable build() {
      return new RouteTable(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes)));
    }
  }
}
