package ist.spike.bootstrap;

import ist.spike.cli.DevParentWatch;
import ist.spike.cli.LauncherHelp;
import ist.spike.client.transport.NexusEndpoints;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.BootstrapApi;
import ist.spike.custody.KeeperCallException;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.SvidSources;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.config.Env;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/spike-bootstrap -init}: generates the root key, gives the i-th Keeper of {@code
 * SPIKE_NEXUS_KEEPER_PEERS} shard i, verifies Nexus, zeroes everything. Exit status: 0 done, 1
 * failed, 2 usage or configuration error, 3 refused because Nexus already holds data (set {@code
 * SPIKE_BOOTSTRAP_FORCE=true} to override).
 */
public final class BootstrapMain {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapMain.class);

  /** What {@code spike-bootstrap --help} says the server is. */
  static final List<String> DESCRIPTION =
      List.of(
          "SPIKE Bootstrap, run once as `spike-bootstrap -init`: generates the root key, gives each Keeper",
          "its shard and verifies Nexus; refuses to re-key a Nexus that holds data.");

  /** Every environment variable this server reads ({@code spike-bootstrap --help} lists them). */
  static final List<String> ENVIRONMENT =
      Stream.concat(
              Stream.of(
                  "SPIKE_BOOTSTRAP_FORCE",
                  "SPIKE_BOOTSTRAP_INIT_VERIFICATION_TIMEOUT",
                  "SPIKE_BOOTSTRAP_KEEPER_MAX_RETRIES",
                  "SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL",
                  "SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL",
                  "SPIKE_BOOTSTRAP_KEEPER_TIMEOUT",
                  "SPIKE_BOOTSTRAP_TIMEOUT",
                  "SPIKE_HTTP_CLIENT_DIALER_TIMEOUT",
                  "SPIKE_HTTP_CLIENT_TIMEOUT",
                  "SPIKE_NEXUS_API_URL",
                  "SPIKE_NEXUS_KEEPER_PEERS",
                  "SPIKE_NEXUS_SHAMIR_SHARES",
                  "SPIKE_NEXUS_SHAMIR_THRESHOLD"),
              LauncherHelp.SERVER_COMMON.stream())
          .distinct()
          .toList();

  private BootstrapMain() {}

  /**
   * Runs Bootstrap and exits with its status.
   *
   * @param args {@code -init}
   */
  public static void main(String[] args) {
    OptionalInt help =
        LauncherHelp.handle(
            args,
            "spike-bootstrap",
            DESCRIPTION,
            ENVIRONMENT,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    if (help.isPresent()) {
      System.exit(help.getAsInt());
    }
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) {
    if (args.length != 1 || !(args[0].equals("-init") || args[0].equals("--init"))) {
      System.err.println("invalid command line arguments: usage: bootstrap -init");
      return 2;
    }
    DevParentWatch.startIfRequested(env);
    Env e = Env.of(env);
    Duration watchdog = e.duration("SPIKE_BOOTSTRAP_TIMEOUT", Duration.ZERO);
    if (!watchdog.isZero()) {
      Thread t =
          new Thread(
              () -> {
                try {
                  Thread.sleep(watchdog.toMillis());
                  LOG.error("bootstrap did not finish within SPIKE_BOOTSTRAP_TIMEOUT={}", watchdog);
                  Runtime.getRuntime().halt(1);
                } catch (InterruptedException ignored) {
                  // finished in time
                }
              },
              "bootstrap-watchdog");
      t.setDaemon(true);
      t.start();
    }
    try {
      BootstrapSettings settings = BootstrapSettings.fromEnvironment(env);
      SpikeRoles roles = SpikeRoles.fromEnv(env);
      try (X509SvidSource source = SvidSources.fromEnv(env)) {
        if (!roles.has(source.svid().spiffeId(), SpikeRole.BOOTSTRAP)) {
          throw new BootstrapException(
              2,
              "this process's SVID "
                  + source.svid().spiffeId()
                  + " is not a SPIKE Bootstrap ID (spiffe://<trust root>/spike/bootstrap)");
        }
        Duration timeout = e.duration("SPIKE_BOOTSTRAP_KEEPER_TIMEOUT", Duration.ofSeconds(30));
        // with several URLs (instances sharing one database, ADR-0093) the first one is used
        URI nexus =
            NexusEndpoints.parse(e.get("SPIKE_NEXUS_API_URL", "https://localhost:8553"))
                .urls()
                .get(0);
        try (KeeperClient keepers =
                KeeperClient.create(source, roles.verifierFor(SpikeRole.KEEPER), timeout);
            BootstrapApi api =
                BootstrapApi.create(
                    source, roles.verifierFor(SpikeRole.NEXUS), nexus, Duration.ofSeconds(30))) {
          new BootstrapFlow(
                  settings,
                  ports(keepers, api),
                  new SecureRandom(),
                  d -> Thread.sleep(d.toMillis()))
              .run();
        }
      }
      return 0;
    } catch (BootstrapException ex) {
      LOG.error("{}", ex.getMessage());
      return ex.exitStatus();
    } catch (RuntimeException ex) {
      LOG.error("bootstrap failed: {}", ex.getMessage());
      return 1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  static BootstrapPorts ports(KeeperClient keepers, BootstrapApi api) {
    return new BootstrapPorts() {
      @Override
      public StatusAnswer nexusStatus(String claim) throws RetryableException, FatalException {
        try {
          return switch (api.status(claim)) {
            case BootstrapApi.StatusAnswer.Ours o ->
                StatusAnswer.ours(
                    new NexusStatus(
                        o.status().initialized(), o.status().ready(), o.status().claimed()));
            case BootstrapApi.StatusAnswer.SpikeWithKey k ->
                StatusAnswer.spike(SpikeNexus.WITH_KEY);
            case BootstrapApi.StatusAnswer.SpikeWithoutKey k ->
                StatusAnswer.spike(SpikeNexus.WITHOUT_KEY);
          };
        } catch (BootstrapApi.CallException e) {
          throw rethrow(e);
        }
      }

      @Override
      public void contribute(URI keeper, Shard shard) throws RetryableException {
        try {
          keepers.contribute(keeper, shard);
        } catch (KeeperCallException e) {
          throw new RetryableException(e.getMessage());
        }
      }

      @Override
      public void contribute(URI keeper, Shard shard, FeldmanCommitments commitments)
          throws RetryableException {
        try {
          keepers.contribute(keeper, shard, commitments);
        } catch (KeeperCallException e) {
          throw new RetryableException(e.getMessage());
        }
      }

      @Override
      public String verify(byte[] nonce, byte[] ciphertext)
          throws RetryableException, FatalException {
        try {
          return api.verify(nonce, ciphertext);
        } catch (BootstrapApi.CallException e) {
          throw rethrow(e);
        }
      }
    };
  }

  /** Unreachable or not ready yet: retry; anything Nexus refused: give up. */
  private static BootstrapPorts.FatalException rethrow(BootstrapApi.CallException e)
      throws BootstrapPorts.RetryableException {
    if (e.code().isEmpty() || e.code().get() == ist.spike.api.ErrorCode.NOT_READY) {
      throw new BootstrapPorts.RetryableException(e.getMessage());
    }
    return new BootstrapPorts.FatalException(e.getMessage());
  }
}
