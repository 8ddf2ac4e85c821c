package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.client.SpikeClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Bootstrap processes started at once against a fresh two-instance cluster (real PostgreSQL,
 * two Nexus processes, three Keepers): both exit 0, and the cluster holds one root key.
 */
class HighAvailabilityBootstrapE2ETest {

  @Test
  void twoBootstrapsAtOnce_oneRootKey_bothExitCleanly(@TempDir Path tempDir) throws Exception {
    Path dir = tempDir.resolve("stack");
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Process devMain =
        DevStackProcess.start(
                dir, output, "--backend", "postgres", "--nexus", "2", "--no-bootstrap")
            .process();
    try {
      Map<String, String> env = Pilot.envFile(dir.resolve("env"));
      String[] urls = env.get("SPIKE_NEXUS_API_URL").split(",");
      Path bootstrapSvid =
          DevTrustDomain.create(dir.resolve("trust")).svidDirFor(SpikeRole.BOOTSTRAP);
      List<Process> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ProcessBuilder pb =
            DevStackProcess.java("ist.spike.bootstrap.BootstrapMain", "-init")
                .redirectErrorStream(true)
                .redirectOutput(tempDir.resolve("bootstrap-" + i + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> e = pb.environment();
        e.put("SPIKE_SVID_DIR", bootstrapSvid.toString());
        e.put("SPIFFE_ENDPOINT_SOCKET", "");
        e.put("SPIKE_NEXUS_BACKEND_STORE", "postgres");
        e.put("SPIKE_NEXUS_KEEPER_PEERS", env.get("SPIKE_NEXUS_KEEPER_PEERS"));
        e.put("SPIKE_NEXUS_SHAMIR_SHARES", "3");
        e.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
        e.put("SPIKE_NEXUS_API_URL", urls[i]); // one run per instance
        e.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_INITIAL_INTERVAL", "200ms");
        e.put("SPIKE_BOOTSTRAP_KEEPER_RETRY_MAX_INTERVAL", "2s");
        runs.add(pb.start());
      }
      for (int i = 0; i < runs.size(); i++) {
        assertThat(runs.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get(i).exitValue())
            .as("bootstrap %s exit status; log %s", i, tempDir.resolve("bootstrap-" + i + ".log"))
            .isZero();
      }
      String logs =
          java.nio.file.Files.readString(tempDir.resolve("bootstrap-0.log"))
              + java.nio.file.Files.readString(tempDir.resolve("bootstrap-1.log"));
      assertThat(logs).contains("bootstrap completed by another run");
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
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }
}
