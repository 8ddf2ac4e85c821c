package ist.spike.server.metrics;

import static java.util.Objects.requireNonNull;

import ist.spike.server.ServerConfig;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Where a server's metrics listener binds, from {@code SPIKE_HTTP_SERVER_METRICS_ADDR}: a listen
 * address such as {@code 127.0.0.1:9553}, {@code off} for none; unset means {@code 127.0.0.1:0}
 * (loopback, a free port, logged at start). The listener is plain HTTP without authentication and
 * serves only {@code GET /metrics}; binding it beyond loopback exposes request counts by route to
 * that network.
 */
public final class MetricsListener {
  /** The environment variable. */
  public static final String VARIABLE = "SPIKE_HTTP_SERVER_METRICS_ADDR";

  /** The default address. */
  public static final String DEFAULT = "127.0.0.1:0";

  private MetricsListener() {}

  /**
   * Reads the listener address from the environment.
   *
   * @param env the environment; not null
   * @return the address, or empty when set to {@code off}
   * @throws IllegalArgumentException naming the variable if the address does not parse
   */
  public static Optional<InetSocketAddress> fromEnv(Map<String, String> env) {
    requireNonNull(env, "env");
    String value = env.getOrDefault(VARIABLE, "").strip();
    if (value.isEmpty()) {
      value = DEFAULT;
    }
    if (value.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    try {
      return Optional.of(ServerConfig.parseListenAddress(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VARIABLE + ": " + e.getMessage() + " (or 'off')", e);
    }
  }
}
