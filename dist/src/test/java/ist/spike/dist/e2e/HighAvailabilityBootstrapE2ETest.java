package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.client.SpikeClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrap runs against a fresh two-instance cluster (real PostgreSQL, two Nexus processes, three
 * Keepers). A first run claims the right to key the cluster and keeps retrying Keepers it cannot
 * reach. Two more runs started at once, one per instance, are kept out by its claim, also for
 * longer than the lease ({@code SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE}, 6 s here) while it renews it.
 * Then the first run is killed ({@code kill -9}); once its lease lapsed one of the two takes the
 * claim over: both exit 0, exactly one keys, and the cluster holds one root key.
 *
 * <p>The first run retries its Keepers at most {@link #DEAD_RUN_RETRY_MAX} apart and renews the
 * claim before every attempt, so the lease is several renewals long even on a loaded machine (under
 * load 18 the attempts were at most 1.4 s further apart than the retry interval).
 */
class HighAvailabilityBootstrapE2ETest {

  static final Duration LEASE = Duration.ofSeconds(6);

  static final Duration DEAD_RUN_RETRY_MAX = Duration.ofSeconds(1);

  @Test
  void deadClaimantThenTwoBootstrapsAtOnce_claimLapsesOnce_oneRootKey_bothExitCleanly(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tempDir) throws Exception {
    Path dir = tempDir.resolve("stack");
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Process devMain =
        DevStackProcess.start(
                dir,
                output,
                Map.of("SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE", LEASE.toMillis() + "ms"),
                "--backend",
                "postgres",
                "--nexus",
                "2",
                "--no-bootstrap")
            .process();
    List<Process> runs = new ArrayList<>();
    try {
      Map<String, String> env = Pilot.envFile(dir.resolve("env"));
      String[] urls = env.get("SPIKE_NEXUS_API_URL").split(",");
      Path bootstrapSvid =
          DevTrustDomain.create(dir.resolve("trust")).svidDirFor(SpikeRole.BOOTSTRAP);

      // A run that claims the cluster, cannot reach its Keepers (nothing listens on their ports),
      // and dies holding the claim.
      Path deadLog = tempDir.resolve("bootstrap-dead.log");
      ProcessBuilder deadRun = bootstrap(bootstrapSvid, env, urls[0], deadLog);
      deadRun.environment().put("SPIKE_NEXUS_KEEPER_PEERS", closedPorts(3));
      deadRun.environment().put("SPIKE_BOOTSTRAP_KEEPER_MAX_RETRIES", "1000");
      deadRun
          .environment()
          .put("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", DEAD_RUN_RETRY_MAX.toMillis() + "ms");
      Process dead = deadRun.start();
      long killed;
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> !dead.isAlive() || logContains(deadLog, "attempt 1 failed"));
        assertThat(dead.isAlive())
            .as("the first run holds the claim and retries its Keepers; log %s", deadLog)
            .isTrue();

        for (int i = 0; i < 2; i++) {
          // one run per instance
          runs.add(
              bootstrap(bootstrapSvid, env, urls[i], tempDir.resolve("bootstrap-" + i + ".log"))
                  .start());
        }
        for (int i = 0; i < 2; i++) {
          Path log = tempDir.resolve("bootstrap-" + i + ".log");
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(100))
              .until(() -> logContains(log, "another Bootstrap run is keying this cluster"));
        }
        // While the first run lives it renews its claim: longer than a lease, nobody takes over.
        Thread.sleep(LEASE.plusSeconds(3).toMillis());
        assertThat(dead.isAlive()).isTrue();
        for (int i = 0; i < 2; i++) {
          assertThat(Files.readString(tempDir.resolve("bootstrap-" + i + ".log")))
              .as("run %s while the holder renews", i)
              .doesNotContain("holds the claim now");
        }
      } finally {
        dead.destroyForcibly();
        dead.waitFor(30, TimeUnit.SECONDS);
        killed = System.nanoTime();
      }

      for (int i = 0; i < runs.size(); i++) {
        assertThat(runs.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get(i).exitValue())
            .as("bootstrap %s exit status; log %s", i, tempDir.resolve("bootstrap-" + i + ".log"))
            .isZero();
      }
      String logs =
          Files.readString(tempDir.resolve("bootstrap-0.log"))
              + Files.readString(tempDir.resolve("bootstrap-1.log"));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println(
          "HA bootstrap e2e: keyed "
              + tookMillis
              + " ms after the claimant was killed (lease "
              + LEASE.toMillis()
              + " ms)");
      assertThat(logs).containsOnlyOnce("this run holds the claim now and keys the cluster");
      assertThat(logs).containsOnlyOnce("bootstrap completed by another run");
      assertThat(logs).containsOnlyOnce("bootstrap completed: Nexus holds the new root key");
      // one key: what A writes, B reads (both instances decrypt the same rows)
      Map<String, String> ca = new HashMap<>(env);
      ca.put("SPIKE_NEXUS_API_URL", urls[0]);
      Map<String, String> cb = new HashMap<>(env);
      cb.put("SPIKE_NEXUS_API_URL", urls[1]);
      try (SpikeClient a = SpikeClient.fromEnvironment(ca);
          SpikeClient b = SpikeClient.fromEnvironment(cb)) {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(
                () -> {
                  a.secrets().put("ha/boot", Map.of("k", "one-key"));
                  return b.secrets()
                      .get("ha/boot")
                      .equals(java.util.Optional.of(Map.of("k", "one-key")));
                });
        assertThat(URI.create(urls[0])).isNotEqualTo(URI.create(urls[1]));
      }
    } finally {
      for (Process p : runs) {
        p.destroyForcibly();
      }
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }

  private static ProcessBuilder bootstrap(
      Path svidDir, Map<String, String> env, String nexusUrl, Path log) {
    ProcessBuilder pb =
        DevStackProcess.java("ist.spike.bootstrap.BootstrapMain", "-init")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> e = pb.environment();
    e.put("SPIKE_SVID_DIR", svidDir.toString());
    e.put("SPIFFE_ENDPOINT_SOCKET", "");
    e.put("SPIKE_NEXUS_BACKEND_STORE", "postgres");
    e.put("SPIKE_NEXUS_KEEPER_PEERS", env.get("SPIKE_NEXUS_KEEPER_PEERS"));
    e.put("SPIKE_NEXUS_SHAMIR_SHARES", "3");
    e.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
    e.put("SPIKE_NEXUS_API_URL", nexusUrl);
    e.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL", "200ms");
    e.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", "2s");
    return pb;
  }

  /** Keeper URLs on free 127.0.0.1 ports where nothing listens. */
  private static String closedPorts(int n) throws java.io.IOException {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        urls.add("https://127.0.0.1:" + s.getLocalPort());
      }
    }
    return String.join(",", urls);
  }

  private static boolean logContains(Path log, String text) throws java.io.IOException {
    return Files.exists(log) && Files.readString(log).contains(text);
  }
}
