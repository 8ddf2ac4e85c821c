package ist.spike.keeper;

import ist.spike.cli.DevParentWatch;
import ist.spike.cli.LauncherHelp;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.SvidSources;
import ist.spike.identity.X509SvidSource;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import ist.spike.server.metrics.MetricsListener;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/spike-keeper}: holds one root-key shard in memory for Nexus. Configuration: {@code
 * SPIKE_KEEPER_TLS_PORT} (default {@code :8443}) and the SVID source ({@code SPIKE_SVID_DIR} or
 * {@code SPIFFE_ENDPOINT_SOCKET}); trust roots as SPIKE ({@code SPIKE_TRUST_ROOT_*}); no metrics
 * listener unless {@code SPIKE_HTTP_SERVER_METRICS_ADDR} names one. Nothing is written to disk: a
 * restarted Keeper is empty until Nexus sends its shard again.
 */
public final class KeeperMain {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperMain.class);

  /** What {@code spike-keeper --help} says the server is. */
  static final List<String> DESCRIPTION =
      List.of(
          "SPIKE Keeper: holds one root-key shard in memory for Nexus, never on disk.",
          "Configured by environment variables; takes no arguments.");

  /** Every environment variable this server reads ({@code spike-keeper --help} lists them). */
  static final List<String> ENVIRONMENT =
      Stream.concat(Stream.of("SPIKE_KEEPER_TLS_PORT"), LauncherHelp.SERVER_COMMON.stream())
          .distinct()
          .toList();

  /**
   * The Keeper's metrics listener when {@code SPIKE_HTTP_SERVER_METRICS_ADDR} is unset: none. A
   * Keeper holds a root-key shard and exposes only its mTLS API unless the operator asks (ADR
   * 0240).
   */
  static final String METRICS_DEFAULT = MetricsListener.OFF;

  /**
   * I/O threads kept while idle: the acceptor and the selector. A Keeper answers a request every
   * few seconds; its pool still grows to the server's maximum under load (ADR 0241).
   */
  static final int IDLE_THREADS = 2;

  private KeeperMain() {}

  /**
   * Runs the Keeper until SIGTERM/SIGINT; exits 1 on a configuration error.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    OptionalInt help =
        LauncherHelp.handle(
            args,
            "spike-keeper",
            DESCRIPTION,
            ENVIRONMENT,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    if (help.isPresent()) {
      System.exit(help.getAsInt());
    }
    Map<String, String> env = System.getenv();
    DevParentWatch.startIfRequested(env);
    try {
      run(env);
    } catch (RuntimeException e) {
      LOG.error("SPIKE Keeper cannot start: {}", e.getMessage());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(Map<String, String> env) throws InterruptedException {
    SpikeRoles roles = SpikeRoles.fromEnv(env);
    X509SvidSource source = SvidSources.fromEnv(env);
    if (!roles.has(source.svid().spiffeId(), SpikeRole.KEEPER)) {
      source.close();
      throw new IllegalStateException(
          "this process's SVID "
              + source.svid().spiffeId()
              + " is not a SPIKE Keeper ID (spiffe://<trust root>/spike/keeper)");
    }
    ShardSlot slot = new ShardSlot();
    ServerConfig config = ServerConfig.fromEnv(env, "SPIKE_KEEPER_TLS_PORT", ":8443");
    Optional<InetSocketAddress> metrics = MetricsListener.fromEnv(env, METRICS_DEFAULT);
    MetricsListener.requireLibraries(metrics);
    SpikeServer server =
        SpikeServer.builder()
            .name("keeper")
            .config(config)
            .svidSource(source)
            .peerVerifier(roles.verifierFor(SpikeRole.NEXUS, SpikeRole.BOOTSTRAP))
            .routes(KeeperRoutes.table(roles, slot))
            .readiness(() -> true)
            .jsonCodec(new KeeperJson(config.jsonLimits()))
            .metricsListener(metrics)
            .idleThreads(IDLE_THREADS)
            .build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  slot.clear();
                  source.close();
                },
                "keeper-shutdown"));
    server.start();
    LOG.info("SPIKE Keeper {} listening on {}", source.svid().spiffeId(), server.uri());
    server.join();
  }
}
