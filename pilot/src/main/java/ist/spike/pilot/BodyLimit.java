package ist.spike.pilot;

import java.util.Map;

/**
 * The request body limit Pilot assumes Nexus enforces: {@code
 * SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES} when set in Pilot's environment, else the server's
 * default. Pilot refuses larger values before sending them, because a server that rejects a body
 * early closes the connection and the client would see only a broken pipe instead of the 413.
 */
public final class BodyLimit {
  /** The server's default limit (1 MiB). */
  public static final int DEFAULT_BYTES = 1 << 20;

  private BodyLimit() {}

  /**
   * Returns the limit in bytes.
   *
   * @param env the environment
   * @return the limit; the default when the variable is unset or not a positive integer
   */
  public static int bytes(Map<String, String> env) {
    String raw = env.get("SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES");
    try {
      int value = raw == null ? DEFAULT_BYTES : Integer.parseInt(raw.trim());
      return value > 0 ? value : DEFAULT_BYTES;
    } catch (NumberFormatException e) {
      return DEFAULT_BYTES;
    }
  }

  /**
   * The line Pilot prints for a value over the limit (or a 413 from the server).
   *
   * @param env the environment
   * @return {@code Error: value too large (limit N bytes).}
   */
  public static String message(Map<String, String> env) {
    return "Error: value too large (limit " + bytes(env) + " bytes).";
  }
}
