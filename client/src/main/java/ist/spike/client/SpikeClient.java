package ist.spike.client;

import static java.util.Objects.requireNonNull;

import ist.spike.client.internal.NexusHttp;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.SvidSources;
import ist.spike.identity.X509SvidSource;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The Java SDK for SPIKE Nexus: secrets, policies and encryption as a service over SPIFFE mTLS.
 * Immutable and thread-safe; build one and share it.
 *
 * <pre>{@code
 * try (SpikeClient spike = SpikeClient.builder()
 *     .nexusUrl(URI.create("https://localhost:8553"))
 *     .sslContext(sslContext)            // presents this workload's SVID
 *     .build()) {
 *   spike.secrets().put("apps/db", Map.of("password", "…"));
 *   Optional<Map<String, String>> db = spike.secrets().get("apps/db");
 * }
 * }</pre>
 *
 * <p>Operator routes (recover, restore) live in {@code OperatorApi}; the Bootstrap verify and
 * Keeper calls in their own clients (root-key custody).
 */
public final class SpikeClient implements AutoCloseable {
  /** Default Nexus URL ({@code SPIKE_NEXUS_API_URL}). */
  public static final URI DEFAULT_NEXUS_URL = URI.create("https://localhost:8553");

  private final URI nexusUrl;
  private final NexusHttp http;
  private final AutoCloseable owned;
  private final Secrets secrets;
  private final Policies policies;
  private final Cipher cipher;

  private SpikeClient(Builder b) {
    this.nexusUrl = b.nexusUrl;
    this.http = new NexusHttp(b.nexusUrl, b.sslContext, b.connectTimeout, b.requestTimeout);
    this.secrets = new Secrets(http);
    this.policies = new Policies(http);
    this.cipher = new Cipher(http);
    this.owned = b.owned;
  }

  /**
   * Creates a client the way SPIKE's Go SDK {@code New()} does: the SVID comes from {@code
   * SPIKE_SVID_DIR} (files) or the SPIFFE Workload API ({@code SPIFFE_ENDPOINT_SOCKET}, waiting up
   * to {@code SPIKE_SPIFFE_SOURCE_TIMEOUT}); the server must present a Nexus SPIFFE ID of a trust
   * domain in {@code SPIKE_TRUST_ROOT_NEXUS}; the URL is {@code SPIKE_NEXUS_API_URL}. Closing the
   * client closes the SVID source.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @return the client
   * @throws ist.spike.identity.SvidUnavailableException if no SVID can be obtained
   * @throws IllegalArgumentException if a variable is invalid (the message names it)
   */
  public static SpikeClient fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    X509SvidSource source = SvidSources.fromEnv(env);
    try {
      SSLContext context =
          SpiffeTls.sslContext(source, SpikeRoles.fromEnv(env).verifierFor(SpikeRole.NEXUS));
      Builder b = builder().fromEnvironment(env).sslContext(context);
      b.owned = source;
      return b.build();
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the secret routes. */
  public Secrets secrets() {
    return secrets;
  }

  /** Returns the policy routes. */
  public Policies policies() {
    return policies;
  }

  /** Returns the cipher routes. */
  public Cipher cipher() {
    return cipher;
  }

  /** Returns the Nexus base URL. */
  public URI nexusUrl() {
    return nexusUrl;
  }

  /** Releases connections. */
  @Override
  public void close() {
    http.close();
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        // closing the SVID source never fails in practice; nothing useful to do
      }
    }
  }

  @Override
  public String toString() {
    return "SpikeClient[" + nexusUrl + "]";
  }

  /** Builds a {@link SpikeClient}. */
  public static final class Builder {
    private URI nexusUrl = DEFAULT_NEXUS_URL;
    private SSLContext sslContext;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private AutoCloseable owned;

    private Builder() {}

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
      this.nexusUrl = url;
      return this;
    }

    /**
     * Reads {@code SPIKE_NEXUS_API_URL}, {@code SPIKE_HTTP_CLIENT_TIMEOUT} and {@code
     * SPIKE_HTTP_CLIENT_DIALER_TIMEOUT} (Go durations).
     *
     * @param env the environment
     * @return this builder
     */
    public Builder fromEnvironment(Map<String, String> env) {
      requireNonNull(env, "env");
      String url = env.get("SPIKE_NEXUS_API_URL");
      if (url != null && !url.isBlank()) {
        nexusUrl(URI.create(url.trim()));
      }
      String timeout = env.get("SPIKE_HTTP_CLIENT_TIMEOUT");
      if (timeout != null && !timeout.isBlank()) {
        requestTimeout(GoDurations.parse("SPIKE_HTTP_CLIENT_TIMEOUT", timeout));
      }
      String dial = env.get("SPIKE_HTTP_CLIENT_DIALER_TIMEOUT");
      if (dial != null && !dial.isBlank()) {
        connectTimeout(GoDurations.parse("SPIKE_HTTP_CLIENT_DIALER_TIMEOUT", dial));
      }
      return this;
    }

    /**
     * Sets the mTLS context presenting this workload's SVID and trusting the SPIFFE bundle
     * (required).
     *
     * @param context the context
     * @return this builder
     */
    public Builder sslContext(SSLContext context) {
      this.sslContext = requireNonNull(context, "context");
      return this;
    }

    /**
     * Sets the connect timeout (default 30 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Sets the whole-request timeout (default 60 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    private static Duration positive(String name, Duration d) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive; got " + d);
      }
      return d;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if no SSL context was set
     */
    public SpikeClient build() {
      if (sslContext == null) {
        throw new IllegalStateException(
            "an SSLContext with this workload's SVID is required (sslContext(...))");
      }
      return new SpikeClient(this);
    }
  }
}
