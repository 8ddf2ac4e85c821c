package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Picks the SVID source from the environment: {@code SPIKE_SVID_DIR} (a directory with svid.pem,
 * svid_key.pem, bundle.pem, re-read when they change) wins; otherwise the Workload API at {@code
 * SPIFFE_ENDPOINT_SOCKET} (default {@value WorkloadApiSvidSource#DEFAULT_ADDRESS}).
 */
public final class SvidSources {
  /** The variable naming a directory of PEM files (SPIKE for Java only). */
  public static final String SVID_DIR = "SPIKE_SVID_DIR";

  /** The Workload API address variable. */
  public static final String ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

  /** The source-timeout variable (default 30s; SPIKE's Bootstrap and SDK use it). */
  public static final String SOURCE_TIMEOUT = "SPIKE_SPIFFE_SOURCE_TIMEOUT";

  private SvidSources() {}

  /**
   * Opens the source the environment names, waiting up to {@code SPIKE_SPIFFE_SOURCE_TIMEOUT}
   * (default 30s) for a Workload API SVID.
   *
   * @param env the environment
   * @return the source; the caller closes it
   * @throws SvidUnavailableException if no SVID can be obtained
   */
  public static X509SvidSource fromEnv(Map<String, String> env) {
    requireNonNull(env, "env must not be null");
    return fromEnv(env, Env.of(env).duration(SOURCE_TIMEOUT, Duration.ofSeconds(30)));
  }

  /**
   * Opens the source the environment names.
   *
   * @param env the environment
   * @param workloadApiTimeout how long to wait for the first Workload API SVID; zero waits forever
   * @return the source; the caller closes it
   * @throws SvidUnavailableException if no SVID can be obtained
   */
  public static X509SvidSource fromEnv(Map<String, String> env, Duration workloadApiTimeout) {
    requireNonNull(env, "env must not be null");
    Env e = Env.of(env);
    var dir = e.get(SVID_DIR);
    if (dir.isPresent()) {
      return FileSvidSource.open(Path.of(dir.get()));
    }
    return WorkloadApiSvidSource.connect(
        e.get(ENDPOINT_SOCKET, WorkloadApiSvidSource.DEFAULT_ADDRESS), workloadApiTimeout);
  }
}
