package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.config.Env;
import ist.spike.identity.spi.WorkloadApiConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Picks the SVID source from the environment: {@code SPIKE_SVID_DIR} (a directory with svid.pem,
 * svid_key.pem, bundle.pem, re-read when they change) wins; otherwise the Workload API at {@code
 * SPIFFE_ENDPOINT_SOCKET} (default {@value #DEFAULT_ENDPOINT_SOCKET}), through the {@link
 * WorkloadApiConnector} of the optional {@code spike-sdk-spiffe} artifact.
 */
public final class SvidSources {
  /** The variable naming a directory of PEM files (SPIKE for Java only). */
  public static final String SVID_DIR = "SPIKE_SVID_DIR";

  /** The Workload API address variable. */
  public static final String ENDPOINT_SOCKET = "SPIFFE_ENDPOINT_SOCKET";

  /** The source-timeout variable (default 30s; SPIKE's Bootstrap and SDK use it). */
  public static final String SOURCE_TIMEOUT = "SPIKE_SPIFFE_SOURCE_TIMEOUT";

  /** SPIFFE's default Workload API address, also SPIKE's. */
  public static final String DEFAULT_ENDPOINT_SOCKET = "unix:///tmp/spire-agent/public/api.sock";

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
    String address = e.get(ENDPOINT_SOCKET, DEFAULT_ENDPOINT_SOCKET);
    return workloadApi()
        .orElseThrow(
            () ->
                new SvidUnavailableException(
                    "no SVID source: "
                        + SVID_DIR
                        + " is not set, and the Workload API ("
                        + ENDPOINT_SOCKET
                        + "="
                        + address
                        + ") needs ist.spike:spike-sdk-spiffe on the class path"))
        .connect(address, workloadApiTimeout);
  }

  /**
   * Returns the Workload API connector on the class path, if any.
   *
   * @return the first {@link WorkloadApiConnector} {@link ServiceLoader} finds
   */
  public static Optional<WorkloadApiConnector> workloadApi() {
    return ServiceLoader.load(WorkloadApiConnector.class, SvidSources.class.getClassLoader())
        .findFirst();
  }
}
