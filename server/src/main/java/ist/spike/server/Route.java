package ist.spike.server;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * One entry of the {@link RouteTable}: the route, who may call it, the handler, the shape of its
 * error bodies, and optionally a body limit other than the server's.
 *
 * @param key the path and action
 * @param guard who may call it
 * @param handler what it does
 * @param errorBody the error body shape
 * @param maxBodyBytes the body limit, or empty for the server's
 */
public record Route(
    RouteKey key,
    Guard guard,
    RouteHandler handler,
    ErrorBody errorBody,
    OptionalLong maxBodyBytes) {
  /** Validates the components. */
  public Route {
    requireNonNull(key, "key must not be null");
    requireNonNull(guard, "guard must not be null");
    requireNonNull(handler, "handler must not be null");
    requireNonNull(errorBody, "errorBody must not be null");
    requireNonNull(maxBodyBytes, "maxBodyBytes must not be null");
    if (maxBodyBytes.isPresent() && maxBodyBytes.getAsLong() < 0) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 0");
    }
  }

  /**
   * Creates a route with bare error bodies and the server's body limit.
   *
   * @param path the path
   * @param action the action, {@code ""} for none
   * @param guard who may call it
   * @param handler what it does
   * @return the route
   */
  public static Route of(String path, String action, Guard guard, RouteHandler handler) {
    return new Route(
        RouteKey.of(path, action), guard, handler, ErrorBody.BARE, OptionalLong.empty());
  }

  /**
   * Creates the route of a SPIKE API route ({@code ist.spike.api.Route}): its path and action, and
   * its SPIKE-exact error bodies ({@code api.errorBody(code)}: the zero-valued response type plus
   * {@code err}).
   *
   * <pre>{@code
   * Route.forApi(ist.spike.api.Route.SECRET_GET, Guard.authorizedInHandler("policy read"), get)
   * }</pre>
   *
   * @param api the API route
   * @param guard who may call it
   * @param handler what it does
   * @return the route
   */
  public static Route forApi(ist.spike.api.Route api, Guard guard, RouteHandler handler) {
    requireNonNull(api, "api must not be null");
    return new Route(
        RouteKey.of(api.path(), api.action().orElse("")),
        guard,
        handler,
        api::errorBody,
        OptionalLong.empty());
  }

  /**
   * Returns a copy with another error body shape.
   *
   * @param shape the shape
   * @return the route
   */
  public Route withErrorBody(ErrorBody shape) {
    return new Route(key, guard, handler, shape, maxBodyBytes);
  }

  /**
   * Returns a copy with its own body limit.
   *
   * @param limit bytes
   * @return the route
   */
  public Route withMaxBodyBytes(long limit) {
    return new Route(key, guard, handler, errorBody, OptionalLong.of(limit));
  }

  @Override
  public String toString() {
    return "POST " + key + " [" + guard.description() + "]";
  }
}
