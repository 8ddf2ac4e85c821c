package ist.spike.server.metrics;

import static java.util.Objects.requireNonNull;

import ist.spike.server.ServerConfig;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Where a server's metrics listener binds, from {@code SPIKE_HTTP_SERVER_METRICS_ADDR}: a listen
 * address such as {@code 127.0.0.1:9553}, {@code off} for none; unset means the server's default:
 * {@link #DEFAULT} ({@code 127.0.0.1:0}: loopback, a free port, logged at start) for Nexus, {@link
 * #OFF} for a Keeper (ADR 0240). The listener is plain HTTP without authentication and serves only
 * {@code GET /metrics}; binding it beyond loopback exposes request counts by route to that network.
 */
public final class MetricsListener {
  /** The environment variable. */
  public static final String VARIABLE = "SPIKE_HTTP_SERVER_METRICS_ADDR";

  /** The default address of a server that serves metrics unless told not to (Nexus). */
  public static final String DEFAULT = "127.0.0.1:0";

  /**
   * The value that disables the listener; the default of a server that serves none unless asked.
   */
  public static final String OFF = "off";

  /** A class of the Prometheus registry the listener serves from: present with its jars. */
  private static final String REGISTRY_CLASS =
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  private MetricsListener() {}

  /**
   * Fails when a listener is asked for but Micrometer's Prometheus registry is not on the class
   * path: a process kind whose default is no listener (the Keeper) starts without those jars, and
   * its launcher appends them only when {@link #VARIABLE} names a listener (ADR 0260).
   *
   * @param listener the address from {@link #fromEnv(Map, String)}
   * @throws IllegalStateException naming the variable and the missing library
   */
  public static void requireLibraries(Optional<InetSocketAddress> listener) {
    if (listener.isEmpty()) {
      return;
    }
    try {
      Class.forName(REGISTRY_CLASS, false, MetricsListener.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          VARIABLE
              + " asks for a metrics listener, which needs Micrometer and the Prometheus client"
              + " (io.micrometer:micrometer-registry-prometheus) on the class path; the"
              + " launchers add them when the variable is set",
          e);
    }
  }

  /**
   * Reads the listener address from the environment; unset means {@link #DEFAULT}.
   *
   * @param env the environment; not null
   * @return the address, or empty when set to {@code off}
   * @throws IllegalArgumentException naming the variable if the address does not parse
   */
  public static Optional<InetSocketAddress> fromEnv(Map<String, String> env) {
    return fromEnv(env, DEFAULT);
  }

  /**
   * Reads the listener address from the environment; unset (or blank) means {@code defaultValue}.
   *
   * @param env the environment; not null
   * @param defaultValue the server's default: a listen address or {@link #OFF}; not null
   * @return the address, or empty when the value in effect is {@code off}
   * @throws IllegalArgumentException naming the variable if the address does not parse
   */
  public static Optional<InetSocketAddress> fromEnv(Map<String, String> env, String defaultValue) {
    requireNonNull(env, "env");
    requireNonNull(defaultValue, "defaultValue");
    String value = env.getOrDefault(VARIABLE, "").strip();
    if (value.isEmpty()) {
      value = defaultValue;
    }
    if (value.equalsIgnoreCase(OFF)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ServerConfig.parseListenAddress(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VARIABLE + ": " + e.getMessage() + " (or 'off')", e);
    }
  }
}
