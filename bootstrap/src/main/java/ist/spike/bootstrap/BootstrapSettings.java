package ist.spike.bootstrap;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.InvalidShamirParametersException;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.custody.KeeperPeers;
import ist.spike.identity.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap's settings, read from SPIKE's environment variables.
 *
 * @param keepers SPIKE_NEXUS_KEEPER_PEERS in order (shard i goes to the i-th)
 * @param parameters SPIKE_NEXUS_SHAMIR_THRESHOLD / _SHARES
 * @param force SPIKE_BOOTSTRAP_FORCE=true: replace the root key even of a Nexus holding data
 * @param keeperMaxRetries SPIKE_BOOTSTRAP_KEEPER_MAX_RETRIES (attempts per Keeper)
 * @param keeperInitialInterval SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL
 * @param keeperMaxInterval SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL
 * @param verificationTimeout SPIKE_BOOTSTRAP_INIT_VERIFICATION_TIMEOUT
 */
record BootstrapSettings(
    List<URI> keepers,
    ShamirParameters parameters,
    boolean force,
    int keeperMaxRetries,
    Duration keeperInitialInterval,
    Duration keeperMaxInterval,
    Duration verificationTimeout) {
  BootstrapSettings {
    keepers = List.copyOf(keepers);
    requireNonNull(parameters, "parameters");
  }

  static BootstrapSettings fromEnvironment(Map<String, String> env) throws BootstrapException {
    List<URI> keepers;
    ShamirParameters parameters;
    try {
      keepers = KeeperPeers.parse(env.get("SPIKE_NEXUS_KEEPER_PEERS"));
      parameters =
          ShamirParameters.of(
              Env.of(env).positiveInt("SPIKE_NEXUS_SHAMIR_THRESHOLD", 2),
              Env.of(env).positiveInt("SPIKE_NEXUS_SHAMIR_SHARES", 3));
    } catch (IllegalArgumentException | InvalidShamirParametersException e) {
      throw new BootstrapException(2, e.getMessage());
    }
    if (keepers.size() != parameters.shares()) {
      throw new BootstrapException(
          2,
          "keeper count mismatch: SPIKE_NEXUS_SHAMIR_SHARES="
              + parameters.shares()
              + " but "
              + keepers.size()
              + " keepers configured in SPIKE_NEXUS_KEEPER_PEERS; these values must match");
    }
    Env e = Env.of(env);
    return new BootstrapSettings(
        keepers,
        parameters,
        "true".equals(env.get("SPIKE_BOOTSTRAP_FORCE")),
        e.positiveInt("SPIKE_BOOTSTRAP_KEEPER_MAX_RETRIES", 5),
        e.duration("SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL", Duration.ofSeconds(2)),
        e.duration("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", Duration.ofSeconds(30)),
        e.duration("SPIKE_BOOTSTRAP_INIT_VERIFICATION_TIMEOUT", Duration.ofMinutes(30)));
  }
}
