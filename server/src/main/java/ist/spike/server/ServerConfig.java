package ist.spike.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.StreamReadConstraints;
import ist.spike.identity.config.Env;
import ist.spike.server.protect.ProtectionLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Listen address, limits and timeouts of a {@link SpikeServer}. Immutable; build it with {@link
 * #builder()} or read it from the environment with {@link #fromEnv(Map, String, String)}.
 *
 * <p>Environment (durations are Go durations; invalid values fall back to the default, as SPIKE
 * does, except the listen address, which must parse):
 *
 * <ul>
 *   <li>the application's port variable, e.g. {@code SPIKE_NEXUS_TLS_PORT=:8553} ({@code :port},
 *       {@code host:port} or {@code [v6]:port}; an empty host means all interfaces)
 *   <li>{@code SPIKE_HTTP_SERVER_READ_HEADER_TIMEOUT} (10s): TLS handshake plus request headers of
 *       a new connection
 *   <li>{@code SPIKE_HTTP_SERVER_READ_TIMEOUT} (30s): reading one request body
 *   <li>{@code SPIKE_HTTP_SERVER_IDLE_TIMEOUT} (60s): a connection with no traffic
 *   <li>{@code SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES} (1048576): default body limit (413 above)
 *   <li>{@code SPIKE_HTTP_SERVER_MAX_CONNECTIONS} (1024), {@code
 *       SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS} (256)
 *   <li>the transport protection limits of {@link ProtectionLimits#fromEnv(Map)} (per-peer
 *       connections and requests, the reserved share, pending TLS handshakes, minimum body rate)
 *   <li>{@code SPIKE_HTTP_SERVER_HEALTH_ADDR} (unset): an extra plain-HTTP listener, for example
 *       {@code 127.0.0.1:8080}, that serves only {@code GET /healthz} and {@code GET /readyz} (for
 *       probes that have no SVID); every other request there gets 400
 *   <li>{@code SPIKE_HTTP_SERVER_ERROR_MESSAGES} ({@code true}): add a human-readable {@code
 *       message} next to {@code err} where the server has one; {@code false} sends SPIKE's exact
 *       code-only bodies
 * </ul>
 */
public final class ServerConfig {
  /** Default header timeout, as SPIKE. */
  public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofSeconds(10);

  private final InetSocketAddress listen;
  private final Duration readHeaderTimeout;
  private final Duration readTimeout;
  private final Duration idleTimeout;
  private final long maxRequestBodyBytes;
  private final int maxConnections;
  private final ProtectionLimits protection;
  private final boolean errorMessages;
  private final JsonLimits jsonLimits;
  private final Optional<InetSocketAddress> healthListen;

  private ServerConfig(Builder b) {
    this.healthListen = b.healthListen;
    this.listen = b.listen;
    this.readHeaderTimeout = b.readHeaderTimeout;
    this.readTimeout = b.readTimeout;
    this.idleTimeout = b.idleTimeout;
    this.maxRequestBodyBytes = b.maxRequestBodyBytes;
    this.maxConnections = b.maxConnections;
    this.protection = b.protection;
    this.errorMessages = b.errorMessages;
    this.jsonLimits = b.jsonLimits;
  }

  /** Returns a builder with the defaults, listening on 127.0.0.1 with a free port. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the configuration from the environment.
   *
   * @param env the environment
   * @param portVariable the application's listen variable, for example {@code SPIKE_NEXUS_TLS_PORT}
   * @param defaultListen the default, for example {@code :8553}
   * @return the configuration
   * @throws IllegalArgumentException naming the variable, if the listen address does not parse
   */
  public static ServerConfig fromEnv(
      Map<String, String> env, String portVariable, String defaultListen) {
    requireNonNull(portVariable, "portVariable must not be null");
    requireNonNull(defaultListen, "defaultListen must not be null");
    Env e = Env.of(requireNonNull(env, "env must not be null"));
    Builder b = builder();
    String listen = e.get(portVariable, defaultListen);
    try {
      b.listen(parseListenAddress(listen));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(portVariable + ": " + ex.getMessage(), ex);
    }
    b.readHeaderTimeout(
        e.duration("SPIKE_HTTP_SERVER_READ_HEADER_TIMEOUT", DEFAULT_READ_HEADER_TIMEOUT));
    b.readTimeout(e.duration("SPIKE_HTTP_SERVER_READ_TIMEOUT", b.readTimeout));
    b.idleTimeout(e.duration("SPIKE_HTTP_SERVER_IDLE_TIMEOUT", b.idleTimeout));
    b.maxRequestBodyBytes(
        e.positiveInt("SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES", (int) b.maxRequestBodyBytes));
    b.maxConnections(e.positiveInt("SPIKE_HTTP_SERVER_MAX_CONNECTIONS", b.maxConnections));
    b.protection(ProtectionLimits.fromEnv(env));
    b.errorMessages(!e.get("SPIKE_HTTP_SERVER_ERROR_MESSAGES", "true").equalsIgnoreCase("false"));
    Optional<String> health = e.get("SPIKE_HTTP_SERVER_HEALTH_ADDR");
    if (health.isPresent()) {
      try {
        b.healthListen(parseListenAddress(health.get()));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("SPIKE_HTTP_SERVER_HEALTH_ADDR: " + ex.getMessage(), ex);
      }
    }
    return b.build();
  }

  /**
   * Parses a Go-style listen address: {@code :8553}, {@code 0.0.0.0:8553}, {@code 127.0.0.1:8443},
   * {@code [::1]:8553}, {@code localhost:8553}.
   *
   * @param text the address
   * @return the socket address (unresolved host names are resolved now)
   * @throws IllegalArgumentException if it does not parse or the port is not 0..65535
   */
  public static InetSocketAddress parseListenAddress(String text) {
    requireNonNull(text, "text must not be null");
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "listen address '" + text + "' needs a port, for example :8553 or 127.0.0.1:8553");
    }
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen address '" + text + "' has no numeric port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listen port must be 0..65535, got " + port);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** Returns the listen address. */
  public InetSocketAddress listen() {
    return listen;
  }

  /** Returns the time allowed for the TLS handshake and headers of a new connection. */
  public Duration readHeaderTimeout() {
    return readHeaderTimeout;
  }

  /** Returns the time allowed to read one request body. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Returns the idle timeout of connections. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Returns the default request body limit in bytes. */
  public long maxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  /** Returns the maximum number of open connections. */
  public int maxConnections() {
    return maxConnections;
  }

  /** Returns the maximum number of requests handled at once. */
  public int maxConcurrentRequests() {
    return protection.maxConcurrentRequests();
  }

  /** Returns the transport protection limits. */
  public ProtectionLimits protection() {
    return protection;
  }

  /** Tells whether error bodies may carry a human-readable {@code message}. */
  public boolean errorMessages() {
    return errorMessages;
  }

  /** Returns the JSON parsing limits. */
  public JsonLimits jsonLimits() {
    return jsonLimits;
  }

  /** Returns the plain-HTTP health listener address, if one is configured. */
  public Optional<InetSocketAddress> healthListen() {
    return healthListen;
  }

  /** Returns a builder initialised with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.listen = listen;
    b.readHeaderTimeout = readHeaderTimeout;
    b.readTimeout = readTimeout;
    b.idleTimeout = idleTimeout;
    b.maxRequestBodyBytes = maxRequestBodyBytes;
    b.maxConnections = maxConnections;
    b.protection = protection;
    b.errorMessages = errorMessages;
    b.jsonLimits = jsonLimits;
    b.healthListen = healthListen;
    return b;
  }

  @Override
  public String toString() {
    return "ServerConfig[listen="
        + listen
        + ", readHeaderTimeout="
        + readHeaderTimeout
        + ", readTimeout="
        + readTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", maxRequestBodyBytes="
        + maxRequestBodyBytes
        + ", maxConnections="
        + maxConnections
        + ", "
        + protection
        + ", errorMessages="
        + errorMessages
        + ", "
        + jsonLimits
        + ", healthListen="
        + healthListen.map(Object::toString).orElse("none")
        + "]";
  }

  /**
   * Limits applied while parsing JSON request bodies (Jackson stream read constraints).
   *
   * @param maxNestingDepth deepest nesting of objects and arrays
   * @param maxStringLength longest string value, in characters
   * @param maxNumberLength longest number, in characters
   * @param maxNameLength longest property name or map key, in UTF-8 bytes of the decoded name
   *     (ADR-0080)
   */
  public record JsonLimits(
      int maxNestingDepth, int maxStringLength, int maxNumberLength, int maxNameLength) {
    /** Sensible limits for SPIKE's request types. */
    public static final JsonLimits DEFAULT = new JsonLimits(32, 1 << 20, 64, 1024);

    /** Validates the limits. */
    public JsonLimits {
      if (maxNestingDepth < 1 || maxStringLength < 1 || maxNumberLength < 1 || maxNameLength < 1) {
        throw new IllegalArgumentException("JSON limits must be positive");
      }
    }

    /** These limits as the constraints of a Jackson parser. */
    public StreamReadConstraints readConstraints() {
      return StreamReadConstraints.builder()
          .maxNestingDepth(maxNestingDepth)
          .maxStringLength(maxStringLength)
          .maxNumberLength(maxNumberLength)
          .maxNameLength(maxNameLength)
          .build();
    }

    /** What a client whose request JSON exceeds one of these limits is told. */
    public String exceededMessage() {
      return "the request JSON exceeds a limit (nesting depth "
          + maxNestingDepth
          + ", string length "
          + maxStringLength
          + ", number length "
          + maxNumberLength
          + ", name length "
          + maxNameLength
          + ")";
    }
  }

  /** Builds a {@link ServerConfig}. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    private Duration readHeaderTimeout = DEFAULT_READ_HEADER_TIMEOUT;
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private long maxRequestBodyBytes = 1 << 20;
    private int maxConnections = 1024;
    private ProtectionLimits protection = ProtectionLimits.DEFAULT;
    private boolean errorMessages = true;
    private JsonLimits jsonLimits = JsonLimits.DEFAULT;
    private Optional<InetSocketAddress> healthListen = Optional.empty();

    private Builder() {}

    /** Adds a plain-HTTP listener serving only the health endpoints (port 0 picks a free port). */
    public Builder healthListen(InetSocketAddress value) {
      this.healthListen = Optional.of(requireNonNull(value, "healthListen must not be null"));
      return this;
    }

    /** Sets the listen address (port 0 picks a free port). */
    public Builder listen(InetSocketAddress value) {
      this.listen = requireNonNull(value, "listen must not be null");
      return this;
    }

    /** Sets the handshake-plus-headers timeout (positive). */
    public Builder readHeaderTimeout(Duration value) {
      this.readHeaderTimeout = positive(value, "readHeaderTimeout");
      return this;
    }

    /** Sets the body read timeout (positive). */
    public Builder readTimeout(Duration value) {
      this.readTimeout = positive(value, "readTimeout");
      return this;
    }

    /** Sets the idle timeout (positive). */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = positive(value, "idleTimeout");
      return this;
    }

    /** Sets the default request body limit (positive). */
    public Builder maxRequestBodyBytes(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxRequestBodyBytes must be positive, got " + value);
      }
      this.maxRequestBodyBytes = value;
      return this;
    }

    /** Sets the connection limit (positive). */
    public Builder maxConnections(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxConnections must be positive, got " + value);
      }
      this.maxConnections = value;
      return this;
    }

    /** Sets the concurrent request limit (positive). */
    public Builder maxConcurrentRequests(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("maxConcurrentRequests must be positive, got " + value);
      }
      ProtectionLimits p = protection;
      this.protection =
          new ProtectionLimits(
              value,
              Math.min(p.reservedRequests(), value - 1),
              p.maxConcurrentRequestsPerPeer(),
              p.maxConnectionsPerPeer(),
              p.maxPendingHandshakes(),
              p.maxPendingHandshakesPerAddress(),
              p.handshakeTimeout(),
              p.minRequestDataRate());
      return this;
    }

    /** Sets the transport protection limits (this includes the concurrent request limit). */
    public Builder protection(ProtectionLimits value) {
      this.protection = requireNonNull(value, "protection must not be null");
      return this;
    }

    /** Sets whether error bodies carry a {@code message}. */
    public Builder errorMessages(boolean value) {
      this.errorMessages = value;
      return this;
    }

    /** Sets the JSON parsing limits. */
    public Builder jsonLimits(JsonLimits value) {
      this.jsonLimits = requireNonNull(value, "jsonLimits must not be null");
      return this;
    }

    /** Returns the configuration. */
    public ServerConfig build() {
      return new ServerConfig(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name + " must not be null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
