package ist.spike.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeHttp;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.X509SvidSource;
import ist.spike.server.audit.AuditTrail;
import ist.spike.server.internal.HeaderTimeout;
import ist.spike.server.internal.JsonSupport;
import ist.spike.server.internal.SpikeHandler;
import ist.spike.server.metrics.MetricsEndpoint;
import ist.spike.server.metrics.RequestMetrics;
import ist.spike.server.metrics.ServerMetrics;
import ist.spike.server.protect.ConnectionGuard;
import ist.spike.server.protect.RequestLimiter;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTPS server with SPIFFE mutual TLS and SPIKE's request pipeline (see {@link RouteHandler},
 * {@link RouteTable}). Handlers run on virtual threads; the TLS context reads the SVID at every
 * handshake, so SVID rotation needs no restart. HTTP/1.1 only (SPIKE's Go client offers no ALPN).
 *
 * <p>Acceptors, selectors and TLS handshakes run on a small pool of platform threads that request
 * handling never uses; handlers run on virtual threads, bounded by the {@link
 * ist.spike.server.protect transport protection} layer, which answers over-limit requests at once.
 *
 * <pre>{@code
 * try (SpikeServer server = SpikeServer.builder()
 *         .name("keeper")
 *         .config(ServerConfig.fromEnv(System.getenv(), "SPIKE_KEEPER_TLS_PORT", ":8443"))
 *         .svidSource(source)
 *         .peerVerifier(roles.verifierFor(SpikeRole.NEXUS, SpikeRole.BOOTSTRAP))
 *         .routes(routes)
 *         .build()) {
 *   server.start();
 *   server.join();
 * }
 * }</pre>
 */
public final class SpikeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpikeServer.class);

  /** The most platform threads for I/O (accept, select, TLS handshakes); ADR 0073. */
  static final int MAX_IO_THREADS = 64;

  /** How many of them stay started while idle unless the application says otherwise. */
  static final int DEFAULT_IDLE_THREADS = 8;

  private final String name;
  private final Server jetty;
  private final ServerConnector connector;
  private final ServerConnector healthConnector;
  private final ServerConnector metricsConnector;
  // null when nothing is recorded (no listener and none given): Micrometer then never loads
  private final ServerMetrics metrics;
  private final LongAdder tlsConnectionsAccepted = new LongAdder();

  private SpikeServer(Builder b) {
    this.name = b.name;
    ServerConfig config = b.config;
    // I/O (accept, select, TLS handshakes) on platform threads that requests never hold; blocking
    // handlers on virtual threads, capped by RequestLimiter rather than by the pool's size.
    QueuedThreadPool pool = new QueuedThreadPool(MAX_IO_THREADS, b.idleThreads);
    pool.setName("spike-" + name);
    // named as Jetty's VirtualThreads names them, without its reflective path to Thread.ofVirtual
    // (Jetty runs on Java 17), which spins method-handle classes at every start (ADR 0249)
    pool.setVirtualThreadsExecutor(
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("spike-" + name, 0).factory()));
    jetty = new Server(pool);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    http.setIdleTimeout(config.idleTimeout().toMillis());
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // SVIDs carry no DNS names: there is no host to check the SNI against.
    secure.setSniHostCheck(false);
    secure.setSniRequired(false);
    secure.setStsMaxAge(-1);
    http.addCustomizer(secure);

    SslContextFactory.Server tls =
        new SslContextFactory.Server() {
          @Override
          public void customize(SSLEngine engine) {
            super.customize(engine);
            // session tickets, so that clients keeping their context can resume (ADR 0139)
            SpiffeTls.prepareServerEngine(engine);
          }
        };
    tls.setSslContext(SpiffeTls.sslContext(b.source, b.peerVerifier));
    tls.setNeedClientAuth(true);
    tls.setIncludeProtocols(SpiffeTls.PROTOCOLS.toArray(new String[0]));
    tls.setEndpointIdentificationAlgorithm(null);
    tls.setSniRequired(false);
    // A renegotiation could change the peer certificate under a cached peer ID.
    tls.setRenegotiationAllowed(false);

    connector =
        new ServerConnector(
            jetty, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(
        config.listen().getAddress() == null || config.listen().getAddress().isAnyLocalAddress()
            ? null
            : config.listen().getAddress().getHostAddress());
    connector.setPort(config.listen().getPort());
    connector.setIdleTimeout(config.idleTimeout().toMillis());
    connector.addBean(new HeaderTimeout(connector.getScheduler(), config.readHeaderTimeout()));
    ConnectionGuard connectionGuard =
        new ConnectionGuard(config.protection(), connector.getScheduler());
    connector.addBean(connectionGuard);
    connector.addBean(
        new Connection.Listener() {
          @Override
          public void onOpened(Connection connection) {
            if (connection instanceof SslConnection) {
              tlsConnectionsAccepted.increment();
            }
          }
        });
    jetty.addConnector(connector);
    if (config.healthListen().isPresent()) {
      HttpConfiguration plain = new HttpConfiguration();
      plain.setSendServerVersion(false);
      plain.setSendXPoweredBy(false);
      plain.setRequestHeaderSize(4 * 1024);
      healthConnector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(plain));
      var address = config.healthListen().get();
      healthConnector.setHost(
          address.getAddress() == null || address.getAddress().isAnyLocalAddress()
              ? null
              : address.getAddress().getHostAddress());
      healthConnector.setPort(address.getPort());
      healthConnector.setIdleTimeout(config.readHeaderTimeout().toMillis());
      jetty.addConnector(healthConnector);
      jetty.addBean(
          new NetworkConnectionLimit(config.maxConnections(), connector, healthConnector));
    } else {
      healthConnector = null;
      jetty.addBean(new NetworkConnectionLimit(config.maxConnections(), connector));
    }

    metrics =
        b.metrics != null
            ? b.metrics
            : b.metricsListen.isPresent() ? ServerMetrics.create(name) : null;
    RequestMetrics recorded = metrics == null ? RequestMetrics.NONE : metrics;
    recorded.watchSvid(b.source);
    RequestLimiter limited =
        new RequestLimiter(
            new SpikeHandler(
                name,
                b.routes,
                b.gate,
                b.ready,
                b.errors,
                b.codec != null ? b.codec : new JsonSupport(b.mapper, config.jsonLimits()),
                config,
                b.audit == null ? AuditTrail.toLogger(name) : b.audit,
                recorded),
            config.protection(),
            b.privileged,
            config.errorMessages(),
            connectionGuard::isOverPeerLimit);
    recorded.refusalsCountedBy("request_cap", limited::rejected);
    metricsConnector =
        b.metricsListen.map(address -> metricsConnector(jetty, address)).orElse(null);
    // The metrics listener is answered before the limits: scrapes never take a request slot.
    jetty.setHandler(
        metricsConnector == null
            ? limited
            : new MetricsEndpoint(metrics, metricsConnector, limited));
    jetty.setErrorHandler(new JsonErrorHandler());
    jetty.setStopTimeout(5000);
  }

  /** A plain-HTTP connector for the metrics listener, outside the connection limit. */
  private static ServerConnector metricsConnector(Server jetty, InetSocketAddress address) {
    HttpConfiguration plain = new HttpConfiguration();
    plain.setSendServerVersion(false);
    plain.setSendXPoweredBy(false);
    plain.setRequestHeaderSize(4 * 1024);
    ServerConnector c = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(plain));
    c.setHost(
        address.getAddress() == null || address.getAddress().isAnyLocalAddress()
            ? null
            : address.getAddress().getHostAddress());
    c.setPort(address.getPort());
    c.setIdleTimeout(30_000);
    jetty.addConnector(c);
    return c;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws ServerStartException if the port cannot be bound or Jetty fails to start
   */
  public void start() {
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // best effort
      }
      throw new ServerStartException(
          "SPIKE "
              + name
              + " could not listen on "
              + connector.getHost()
              + ":"
              + connector.getPort()
              + ": "
              + e.getMessage(),
          e);
    }
    log.info("SPIKE {} listening on https://{}:{}", name, host(), port());
    if (metricsConnector != null) {
      log.info(
          "SPIKE {} metrics on http://{}:{}/metrics",
          name,
          metricsConnector.getHost() == null ? "0.0.0.0" : metricsConnector.getHost(),
          metricsConnector.getLocalPort());
    }
  }

  /**
   * Returns the bound port of the metrics listener (after {@link #start()}).
   *
   * @return the port, or empty if the server has none
   */
  public java.util.OptionalInt metricsPort() {
    return metricsConnector == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(metricsConnector.getLocalPort());
  }

  /**
   * Returns the server's metrics (its registry takes an application's own meters).
   *
   * @return the metrics, or empty when the server records none: no metrics listener and none given
   *     to the builder
   */
  public Optional<ServerMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** Returns the bound port (after {@link #start()}). */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Returns the bound port of the plain-HTTP health listener (after {@link #start()}).
   *
   * @return the port, or empty if none is configured
   */
  public java.util.OptionalInt healthPort() {
    return healthConnector == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(healthConnector.getLocalPort());
  }

  /**
   * Returns how many connections the TLS listener has accepted since start. A keep-alive client
   * that sends many requests should add one, not one per request.
   */
  public long connectionsAccepted() {
    return tlsConnectionsAccepted.sum();
  }

  /** Returns how many connections the TLS listener holds open now. */
  public int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  private String host() {
    String host = connector.getHost();
    return host == null ? "0.0.0.0" : host;
  }

  /**
   * Returns a base URI for clients, for example {@code https://127.0.0.1:8553}; a wildcard bind
   * gives the loopback address.
   */
  public URI uri() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = InetAddress.getLoopbackAddress().getHostAddress();
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("https://" + host + ":" + port());
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops serving (gracefully, up to 5 seconds). Idempotent. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("SPIKE {} did not stop cleanly: {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "SpikeServer[" + name + ", port " + port() + "]";
  }

  /** Answers Jetty's own errors (bad HTTP, oversized headers) with SPIKE's JSON envelope. */
  private static final class JsonErrorHandler implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      ErrorCode code =
          status == 413
              ? ErrorCode.PAYLOAD_TOO_LARGE
              : status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
      byte[] body = ("{\"err\":\"" + code.code() + "\"}").getBytes(StandardCharsets.US_ASCII);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, SpikeHttp.CONTENT_TYPE_JSON);
      SpikeHttp.NO_CACHE_HEADERS.forEach(response.getHeaders()::put);
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.write(body);
        callback.succeeded();
      } catch (Exception e) {
        callback.failed(e);
      }
      return true;
    }
  }

  /**
   * Builds a {@link SpikeServer}; {@code svidSource}, {@code peerVerifier} and {@code routes} are
   * required.
   */
  public static final class Builder {
    private String name = "server";
    private ServerConfig config = ServerConfig.builder().build();
    private X509SvidSource source;
    private SpiffeIdVerifier peerVerifier;
    private RouteTable routes;
    private ReadinessGate gate = ReadinessGate.OPEN;
    private BooleanSupplier ready = () -> true;
    private ErrorTable errors = ErrorTable.defaults();
    private ObjectMapper mapper;
    private JsonCodec codec;
    private AuditTrail audit;
    private ServerMetrics metrics;
    private Optional<InetSocketAddress> metricsListen = Optional.empty();
    private Predicate<SpiffeId> privileged = id -> false;
    private int idleThreads = DEFAULT_IDLE_THREADS;

    private Builder() {}

    /**
     * Sets how many I/O threads stay started while the server is idle (default 8). The pool still
     * grows on demand to its maximum (64), so this changes no limit; a server that answers a few
     * requests a minute (the Keeper) keeps fewer idle thread stacks.
     *
     * @param value 2 (an acceptor and a selector) to 64
     */
    public Builder idleThreads(int value) {
      if (value < 2 || value > MAX_IO_THREADS) {
        throw new IllegalArgumentException(
            "idleThreads must be between 2 and " + MAX_IO_THREADS + ", got " + value);
      }
      this.idleThreads = value;
      return this;
    }

    /**
     * Sets where audit records go (default: the {@code spike.audit} logger, unchained). A
     * fail-closed trail makes the server answer 503 while it cannot be written.
     */
    public Builder audit(AuditTrail value) {
      this.audit = requireNonNull(value, "audit must not be null");
      return this;
    }

    /**
     * Sets the metrics to record into (default: a new registry named after the server when a
     * {@linkplain #metricsListener metrics listener} is set, else none, and Micrometer is not
     * loaded).
     */
    public Builder metrics(ServerMetrics value) {
      this.metrics = requireNonNull(value, "metrics must not be null");
      return this;
    }

    /**
     * Sets the plain-HTTP metrics listener (default: none; applications read it with {@link
     * ist.spike.server.metrics.MetricsListener#fromEnv}).
     */
    public Builder metricsListener(Optional<InetSocketAddress> value) {
      this.metricsListen = requireNonNull(value, "metricsListener must not be null");
      return this;
    }

    /**
     * Sets which peers may use the reserved share of the request cap (default: none), so that an
     * operator can reach a server that other clients flood. Nexus names its superuser, recover and
     * restore roles.
     */
    public Builder privilegedPeers(Predicate<SpiffeId> value) {
      this.privileged = requireNonNull(value, "privilegedPeers must not be null");
      return this;
    }

    /** Sets the component name used in logs and audit records (default {@code server}). */
    public Builder name(String value) {
      this.name = requireNonNull(value, "name must not be null");
      return this;
    }

    /** Sets the listen address, limits and timeouts (default: 127.0.0.1, free port). */
    public Builder config(ServerConfig value) {
      this.config = requireNonNull(value, "config must not be null");
      return this;
    }

    /**
     * Sets where the server's SVID and trust bundle come from (required; not closed by the server).
     */
    public Builder svidSource(X509SvidSource value) {
      this.source = requireNonNull(value, "svidSource must not be null");
      return this;
    }

    /**
     * Sets which client IDs may complete the TLS handshake (required). Nexus uses {@link
     * SpiffeIdVerifier#anyIn} its trust domains and authorizes per route; Keeper uses {@code
     * roles.verifierFor(NEXUS, BOOTSTRAP)}.
     */
    public Builder peerVerifier(SpiffeIdVerifier value) {
      this.peerVerifier = requireNonNull(value, "peerVerifier must not be null");
      return this;
    }

    /** Sets the routes (required). */
    public Builder routes(RouteTable value) {
      this.routes = requireNonNull(value, "routes must not be null");
      return this;
    }

    /** Sets the readiness gate run before routing (default: admit all). */
    public Builder readinessGate(ReadinessGate value) {
      this.gate = requireNonNull(value, "readinessGate must not be null");
      return this;
    }

    /** Sets what {@code GET /readyz} reports (default: always ready). */
    public Builder readiness(BooleanSupplier value) {
      this.ready = requireNonNull(value, "readiness must not be null");
      return this;
    }

    /** Sets the exception-to-code table (default: {@link ErrorTable#defaults()}). */
    public Builder errorTable(ErrorTable value) {
      this.errors = requireNonNull(value, "errorTable must not be null");
      return this;
    }

    /**
     * Sets the JSON mapper for request and response bodies (default: {@code
     * SpikeJson.newObjectMapper}, SPIKE's wire rules). A copy gets the server's JSON limits; the
     * given mapper is not changed. Ignored when a {@link #jsonCodec} is set.
     */
    public Builder objectMapper(ObjectMapper value) {
      this.mapper = requireNonNull(value, "objectMapper must not be null");
      return this;
    }

    /**
     * Sets a JSON codec of the application's own instead of the databind mapper (the Keeper's, on
     * {@code jackson-core} streaming). The codec applies the server's JSON limits itself ({@link
     * ServerConfig#jsonLimits()}).
     */
    public Builder jsonCodec(JsonCodec value) {
      this.codec = requireNonNull(value, "jsonCodec must not be null");
      return this;
    }

    /**
     * Returns the server, not yet started.
     *
     * @throws IllegalStateException if a required part is missing
     */
    public SpikeServer build() {
      if (source == null) {
        throw new IllegalStateException("svidSource is required");
      }
      if (peerVerifier == null) {
        throw new IllegalStateException(
            "peerVerifier is required (there is no accept-all default)");
      }
      if (routes == null) {
        throw new IllegalStateException("routes is required");
      }
      return new SpikeServer(this);
    }
  }
}
