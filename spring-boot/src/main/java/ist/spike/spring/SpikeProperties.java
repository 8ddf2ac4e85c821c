package ist.spike.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code spike.*} properties. Unset properties fall back to SPIKE's environment variables
 * ({@code SPIKE_SVID_DIR}, {@code SPIFFE_ENDPOINT_SOCKET}, {@code SPIKE_NEXUS_API_URL}, …), so an
 * application configured for SPIKE's Go SDK works unchanged.
 */
@ConfigurationProperties(prefix = "spike")
public class SpikeProperties {
  /** Nexus URL, or several separated by commas (failover). Default: SPIKE_NEXUS_API_URL. */
  private String nexusUrl;

  /** Directory with svid.pem, svid_key.pem and bundle.pem. Default: SPIKE_SVID_DIR. */
  private String svidDir;

  /** SPIFFE Workload API socket (needs spike-sdk-spiffe). Default: SPIFFE_ENDPOINT_SOCKET. */
  private String endpointSocket;

  /** Trust domains whose Nexus IDs are accepted. Default: SPIKE_TRUST_ROOT_NEXUS (spike.ist). */
  private String trustRootNexus;

  /** How long to wait for the SVID files or the socket to appear (default 500ms). */
  private Duration svidWait;

  /** Whole-request timeout (default 60s). */
  private Duration requestTimeout;

  /** Connect timeout (default 30s). */
  private Duration connectTimeout;

  /** Read-through cache of secrets().get: how old an answer may be; unset = no cache. */
  private Duration cacheTtl;

  /** How many secret paths the cache keeps. */
  private int cacheMaxEntries = 1000;

  /** Settings of spring.config.import=spike:PATH. */
  private final Config config = new Config();

  /** Settings of {@code spring.config.import=spike:PATH}. */
  public static class Config {
    /**
     * Prefix put before each key of every imported secret (for example "app."; empty: the keys as
     * stored). Unset: each key as stored and under the secret's last path segment (secrets/db key
     * password is also db.password). A location's own ?prefix= wins.
     */
    private String prefix;

    /** Returns the prefix, or {@code null} for the default naming. */
    public String getPrefix() {
      return prefix;
    }

    /** Sets the prefix ({@code null}: the default naming). */
    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Returns the Nexus URL(s). */
  public String getNexusUrl() {
    return nexusUrl;
  }

  /** Sets the Nexus URL(s). */
  public void setNexusUrl(String nexusUrl) {
    this.nexusUrl = nexusUrl;
  }

  /** Returns the SVID directory. */
  public String getSvidDir() {
    return svidDir;
  }

  /** Sets the SVID directory. */
  public void setSvidDir(String svidDir) {
    this.svidDir = svidDir;
  }

  /** Returns the Workload API socket. */
  public String getEndpointSocket() {
    return endpointSocket;
  }

  /** Sets the Workload API socket. */
  public void setEndpointSocket(String endpointSocket) {
    this.endpointSocket = endpointSocket;
  }

  /** Returns the Nexus trust roots. */
  public String getTrustRootNexus() {
    return trustRootNexus;
  }

  /** Sets the Nexus trust roots. */
  public void setTrustRootNexus(String trustRootNexus) {
    this.trustRootNexus = trustRootNexus;
  }

  /** Returns the SVID wait. */
  public Duration getSvidWait() {
    return svidWait;
  }

  /** Sets the SVID wait. */
  public void setSvidWait(Duration svidWait) {
    this.svidWait = svidWait;
  }

  /** Returns the request timeout. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  /** Sets the request timeout. */
  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /** Returns the connect timeout. */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout. */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Returns the cache TTL, or null when the cache is off. */
  public Duration getCacheTtl() {
    return cacheTtl;
  }

  /** Sets the cache TTL. */
  public void setCacheTtl(Duration cacheTtl) {
    this.cacheTtl = cacheTtl;
  }

  /** Returns the cache size. */
  public int getCacheMaxEntries() {
    return cacheMaxEntries;
  }

  /** Sets the cache size. */
  public void setCacheMaxEntries(int cacheMaxEntries) {
    this.cacheMaxEntries = cacheMaxEntries;
  }

  /** Returns the import settings. */
  public Config getConfig() {
    return config;
  }
}
