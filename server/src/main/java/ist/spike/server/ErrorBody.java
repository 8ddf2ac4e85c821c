package ist.spike.server;

import ist.spike.api.ErrorCode;

/**
 * Builds a route's error body. SPIKE answers errors with the route's whole zero-valued response
 * type plus {@code err} (for example {@code {"data":null,"err":"api_not_found"}}), so each route
 * can give its own shape; the default is {@code {"err":code}}.
 */
@FunctionalInterface
public interface ErrorBody {
  /** The bare envelope {@code {"err":code}}. */
  ErrorBody BARE = code -> java.util.Map.of("err", code.code());

  /**
   * Returns the body for an error.
   *
   * @param code the error code
   * @return an object the server serializes as JSON
   */
  Object forCode(ErrorCode code);
}
