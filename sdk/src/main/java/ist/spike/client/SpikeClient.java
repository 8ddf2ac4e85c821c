package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.client.transport.NexusEndpoints;
import ist.spike.client.transport.SpikeTransport;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.X509SvidSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Java SDK for SPIKE Nexus: secrets, policies and encryption as a service over SPIFFE mTLS (on
 * {@link SpikeTransport}). Immutable and thread-safe; build one and share it. Failures are {@code
 * ist.spike.client.error.SpikeException} subclasses named by failure class.
 *
 * <pre>{@code
 * try (SpikeClient spike = SpikeClient.fromEnvironment(System.getenv())) {
 *   spike.secrets().put("apps/db", Map.of("password", "…"));
 *   Optional<Map<String, String>> db = spike.secrets().get("apps/db");
 * }
 * }</pre>
 *
 * <p>Operator routes (recover, restore), Bootstrap's verify call and the Keeper calls are not part
 * of the SDK: they live in the internal {@code custody-client} module (root-key custody).
 */
public final class SpikeClient implements AutoCloseable {
  /** Default Nexus URL ({@code SPIKE_NEXUS_API_URL}). */
  public static final URI DEFAULT_NEXUS_URL = URI.create("https://localhost:8553");

  /** The default retry: 3 rounds over the Nexus URLs, 100 ms doubling to 2 s, jitter 0.5. */
  public static final NexusEndpoints.Retry DEFAULT_RETRY =
      new NexusEndpoints.Retry(
          3, Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(2), 2, 0.5));

  private final NexusEndpoints nexus;
  private final SpikeTransport transport;
  private final AutoCloseable owned;
  private final Secrets secrets;
  private final Policies policies;
  private final Cipher cipher;
  private final Transit transit;
  private final SecretCache cache;
  private final Snapshots snapshots;

  private SpikeClient(Builder b, SpikeTransport transport) {
    this.nexus = NexusEndpoints.of(b.nexusUrls, b.retry);
    this.transport = transport;
    this.owned = b.owned;
    Secrets uncached = new Secrets(transport, nexus);
    this.cache =
        b.cacheTtl == null
            ? null
            : new SecretCache(
                b.cacheTtl, b.cacheMaxEntries, p -> uncached.get(p, 0), System::nanoTime, true);
    this.secrets = cache == null ? uncached : new Secrets(transport, nexus, cache);
    this.policies = new Policies(transport, nexus);
    this.cipher = new Cipher(transport, nexus);
    this.transit = new Transit(transport, nexus);
    this.snapshots = new Snapshots(transport, nexus);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a client the way SPIKE's Go SDK {@code New()} does: the SVID comes from {@code
   * SPIKE_SVID_DIR} (files) or the SPIFFE Workload API ({@code SPIFFE_ENDPOINT_SOCKET}, with the
   * {@code spike-sdk-spiffe} add-on; waiting up to {@code SPIKE_SPIFFE_SOURCE_TIMEOUT} for the
   * first SVID); the server must present a Nexus SPIFFE ID of a trust domain in {@code
   * SPIKE_TRUST_ROOT_NEXUS}; the URL is {@code SPIKE_NEXUS_API_URL}; timeouts come from {@code
   * SPIKE_HTTP_CLIENT_*}. Closing the client closes the SVID source.
   *
   * <p>Fails fast: when neither variable is set (and no agent listens at SPIFFE's default socket),
   * or the files or the socket have not appeared within {@code SPIKE_SDK_SVID_WAIT} (a Go duration,
   * default 500ms), it throws at once with a message naming what is missing.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @return the client
   * @throws ist.spike.identity.SvidUnavailableException if no SVID can be obtained (the message
   *     names the missing variable, file or socket)
   * @throws IllegalArgumentException if a variable is invalid (the message names it)
   */
  public static SpikeClient fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    X509SvidSource source = SvidSetup.open(env);
    try {
      Builder b = builder().fromEnvironment(env).svidSource(source);
      b.owned = source;
      return b.build();
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /**
   * Like {@link #fromEnvironment(Map)}, with further builder settings (retry, cache, timeouts)
   * applied before the client is built. Used by the Spring Boot starter.
   *
   * @param env the environment
   * @param customizer changes the builder; returns it
   * @return the client
   * @throws ist.spike.identity.SvidUnavailableException as {@link #fromEnvironment(Map)}
   */
  public static SpikeClient fromEnvironment(
      Map<String, String> env, java.util.function.UnaryOperator<Builder> customizer) {
    requireNonNull(env, "env");
    requireNonNull(customizer, "customizer");
    X509SvidSource source = SvidSetup.open(env);
    try {
      Builder b = customizer.apply(builder().fromEnvironment(env)).svidSource(source);
      b.owned = source;
      return b.build();
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** Returns the secret routes. */
  public Secrets secrets() {
    return secrets;
  }

  /** Returns the policy routes. */
  public Policies policies() {
    return policies;
  }

  /** Returns the named transit key routes (not in SPIKE). */
  public Transit transit() {
    return transit;
  }

  /** Returns the cipher routes. */
  public Cipher cipher() {
    return cipher;
  }

  /** Returns the Nexus base URL calls go to first (the first one configured, until a failover). */
  public URI nexusUrl() {
    return nexus.current();
  }

  /** Returns every configured Nexus URL, in order of preference. */
  public List<URI> nexusUrls() {
    return nexus.urls();
  }

  /**
   * Releases everything the client holds: the cache and its refresh thread, the connections and
   * their threads, and the SVID source if this client opened it.
   */
  @Override
  public void close() {
    if (cache != null) {
      cache.close();
    }
    transport.close();
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        // closing an SVID source does not fail in practice; nothing useful to do
      }
    }
  }

  @Override
  public String toString() {
    return "SpikeClient[" + nexus + "]";
  }

  /** Builds a {@link SpikeClient}; an SVID source is required. */
  public static final class Builder {
    private List<URI> nexusUrls = List.of(DEFAULT_NEXUS_URL);
    private X509SvidSource source;
    private SpiffeIdVerifier serverVerifier = SpikeRoles.defaults().verifierFor(SpikeRole.NEXUS);
    private Map<String, String> env = Map.of();
    private Duration connectTimeout;
    private Duration requestTimeout;
    private boolean blockingTransport;
    private AutoCloseable owned;
    private NexusEndpoints.Retry retry = DEFAULT_RETRY;
    private Duration cacheTtl;
    private int cacheMaxEntries = 1000;

    private Builder() {}

    /**
     * Sets how often a call whose every Nexus failed (unreachable, 503, 429) is tried again, and
     * the backoff between rounds (default: 3 rounds, 100 ms doubling to at most 2 s, with jitter).
     * Writes that would be applied twice are resent only when they certainly did not arrive.
     *
     * @param rounds 1 for no retry, at most 100
     * @param backoff the wait between rounds
     * @return this builder
     */
    public Builder retry(int rounds, Backoff backoff) {
      this.retry = new NexusEndpoints.Retry(rounds, backoff);
      return this;
    }

    /**
     * Turns on the read-through cache of {@code secrets().get(path)}: an answer is served for at
     * most {@code ttl}, and a daemon thread reads cached paths again every {@code ttl / 2}. Off by
     * default. Cached values are secrets held in this process's memory until they expire or the
     * client is closed.
     *
     * @param ttl how old an answer may be, positive
     * @param maxEntries how many paths are kept, at least 1
     * @return this builder
     */
    public Builder cache(Duration ttl, int maxEntries) {
      requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("cache TTL must be positive, got " + ttl);
      }
      if (maxEntries < 1) {
        throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
      }
      this.cacheTtl = ttl;
      this.cacheMaxEntries = maxEntries;
      return this;
    }

    /**
     * Sets the Nexus base URL (default {@code https://localhost:8553}).
     *
     * @param url an {@code https} URL
     * @return this builder
     */
    public Builder nexusUrl(URI url) {
      requireNonNull(url, "url");
      if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException("Nexus URL must be https://host[:port]; got " + url);
      }
      this.nexusUrls = List.of(url);
      return this;
    }

    /**
     * Sets several Nexus instances serving the same data; calls fail over between them (ADR-0093).
     *
     * @param urls {@code https} URLs in order of preference
     * @return this builder
     */
    public Builder nexusUrls(List<URI> urls) {
      this.nexusUrls = NexusEndpoints.of(urls).urls();
      return this;
    }

    /**
     * Reads {@code SPIKE_NEXUS_API_URL} (one URL, or several separated by commas), the {@code
     * SPIKE_HTTP_CLIENT_*} timeouts and {@code SPIKE_TRUST_ROOT_NEXUS} (which Nexus IDs are
     * accepted).
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder fromEnvironment(Map<String, String> environment) {
      this.env = Map.copyOf(requireNonNull(environment, "environment"));
      String url = env.get("SPIKE_NEXUS_API_URL");
      if (url != null && !url.isBlank()) {
        nexusUrls(NexusEndpoints.parse(url).urls());
      }
      this.serverVerifier = SpikeRoles.fromEnv(env).verifierFor(SpikeRole.NEXUS);
      return this;
    }

    /**
     * Sets where this workload's SVID and trust bundle come from (required; not closed by the
     * client unless it opened it itself in {@link SpikeClient#fromEnvironment}).
     *
     * @param value the source
     * @return this builder
     */
    public Builder svidSource(X509SvidSource value) {
      this.source = requireNonNull(value, "svidSource");
      return this;
    }

    /**
     * Sets which server SPIFFE IDs are accepted (default: a Nexus ID of {@code spike.ist}).
     *
     * @param value the verifier
     * @return this builder
     */
    public Builder serverVerifier(SpiffeIdVerifier value) {
      this.serverVerifier = requireNonNull(value, "serverVerifier");
      return this;
    }

    /**
     * Sets the connect timeout (default 30 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the whole-request timeout (default 60 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sends each call over a connection of its own on a blocking TLS socket instead of the JDK
     * {@code HttpClient} ({@link SpikeTransport.Builder#blocking()}): for a process that makes a
     * call or two and exits, such as a command-line tool. A long-lived service keeps the default,
     * which reuses connections.
     *
     * @return this builder
     */
    public Builder blockingTransport() {
      this.blockingTransport = true;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no SVID source was set
     * @throws IllegalArgumentException if a timeout is not positive
     */
    public SpikeClient build() {
      if (source == null) {
        throw new IllegalStateException(
            "an SVID source is required (svidSource(...)), or use SpikeClient.fromEnvironment");
      }
      SpikeTransport.Builder t =
          SpikeTransport.builder().fromEnv(env).svidSource(source).serverVerifier(serverVerifier);
      if (connectTimeout != null) {
        t.connectTimeout(connectTimeout);
      }
      if (requestTimeout != null) {
        t.requestTimeout(requestTimeout);
      }
      if (blockingTransport) {
        t.blocking();
      }
      return new SpikeClient(this, t.build());
    }
  }

  /** Returns the snapshot routes (Pilot superuser; ADR-0150). */
  public Snapshots snapshots() {
    return snapshots;
  }
}
