package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.client.SpikeClient;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's rekey with real processes (ADR-0163): a development stack with 3 Keepers at 2-of-3
 * holds data; it is restarted for 5 Keepers at 3-of-5 (Nexus keeps serving the stored 2-of-3 split
 * until the rekey), {@code spike operator rekey --threshold 3 --shares 5} re-splits the key, and
 * {@code recover} gives 5 new files. Then every Keeper and Nexus are killed; restarted empty, Nexus
 * restores from 3 of the new files (2 are not enough) and refuses a file saved before the rekey
 * with the message saying so.
 */
class RekeyProcessE2ETest {
  private static final int SECRETS = 5;

  @TempDir Path tempDir;
  Path dir;
  DevStackProcess stack;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() throws Exception {
    stopStack();
  }

  private void stopStack() throws Exception {
    if (stack != null && stack.process().isAlive()) {
      stack.process().toHandle().destroy();
      if (!stack.process().waitFor(60, TimeUnit.SECONDS)) {
        stack.process().destroyForcibly();
        stack.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
    stack = null;
  }

  private Map<String, String> start(String... args) throws Exception {
    output.clear();
    stack = DevStackProcess.start(dir, output, args);
    Map<String, String> env = new HashMap<>(Pilot.envFile(dir.resolve("env")));
    env.remove("SPIKE_PILOT_ROLE");
    return env;
  }

  private List<String> recover(Map<String, String> env, int shares) throws Exception {
    Pilot.Result r = Pilot.recover(env);
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= shares; i++) {
      lines.add(Files.readString(dir.resolve("recover").resolve("spike.recovery." + i + ".txt")));
    }
    assertThat(dir.resolve("recover").resolve("spike.recovery." + (shares + 1) + ".txt"))
        .doesNotExist();
    return lines;
  }

  @Test
  void rekeyTwoOfThreeToThreeOfFive_newFilesRestoreFromThreeNotTwo_oldFilesRefused()
      throws Exception {
    long began = System.nanoTime();
    dir = tempDir.resolve("stack");

    // 2-of-3 with data, and the operator's recovery files of that split
    Map<String, String> env = start("--keepers", "3", "--threshold", "2");
    try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
      for (int i = 0; i < SECRETS; i++) {
        client.secrets().put("rekey/s" + i, Map.of("k", "v" + i));
      }
    }
    List<String> oldFiles = recover(env, 3);
    stopStack();
    mark("2-of-3 stack with data", began);

    // restarted for 5 Keepers at 3-of-5: the stored 2-of-3 split stays in force until the rekey
    // (spike-dev restores the key from its own files of that split: 2 of them are enough)
    env = start("--keepers", "5", "--threshold", "3");
    assertThat(output).anyMatch(l -> l.contains(" ready, 5 keepers, threshold 3"));
    mark("restarted for 3-of-5", began);
    assertThat(Files.readString(dir.resolve("logs/nexus.log")))
        .contains("SPIKE_NEXUS_SHAMIR_THRESHOLD is 3 but the stored split has threshold 2");
    Pilot.Result before = Pilot.run(env, null, "", "operator", "rekey", "--status");
    assertThat(before.out()).as(before.err()).contains("Split in force: 2 of the shards");
    Pilot.Result wrong =
        Pilot.run(env, null, "", "operator", "rekey", "--threshold", "3", "--shares", "4");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("configured for 3-of-5").contains("SPIKE_NEXUS_SHAMIR_SHARES");

    Pilot.Result rekey =
        Pilot.run(env, null, "", "operator", "rekey", "--threshold", "3", "--shares", "5");
    assertThat(rekey.code()).as(rekey.err()).isZero();
    assertThat(rekey.out()).contains("Rekey started: the root key is split 3-of-5");
    Map<String, String> stackEnv = env;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(Pilot.run(stackEnv, null, "", "operator", "rekey", "--status").out())
                    .contains("Split in force: 3 of the shards")
                    .contains(": done"));
    List<String> newFiles = recover(env, 5);
    mark("rekeyed", began);

    // every Keeper and Nexus lost (kill -9, Keepers first): the supervisor starts them again
    // empty, and Nexus waits for a restore
    try (StackProbes probes = new StackProbes(dir)) {
      loseNexusAndKeepers(env, probes);
      mark("keepers and nexus lost", began);
      restoreFromNewFiles(env, probes, oldFiles, newFiles);
    }
    mark("restored", began);
  }

  private static void mark(String what, long began) {
    System.out.printf(
        "RekeyProcessE2ETest: %s after %d s%n",
        what, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
  }

  private long pid(String component) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("run/" + component + ".pid")).trim());
  }

  private void loseNexusAndKeepers(Map<String, String> env, StackProbes probes) throws Exception {
    List<String> components = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      components.add("keeper-" + i);
    }
    components.add("nexus");
    Map<String, Long> before = new HashMap<>();
    for (String c : components) {
      before.put(c, pid(c));
      ProcessHandle.of(before.get(c)).ifPresent(ProcessHandle::destroyForcibly);
    }
    URI nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              for (String c : components) {
                if (pid(c) == before.get(c)) {
                  return false;
                }
              }
              return probes.readyz(nexus) == 503;
            });
  }

  private void restoreFromNewFiles(
      Map<String, String> env, StackProbes probes, List<String> oldFiles, List<String> newFiles)
      throws Exception {
    URI nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    assertThat(probes.readyz(nexus)).isEqualTo(503);

    Pilot.Result stale = Pilot.restore(env, oldFiles.get(0));
    assertThat(stale.code()).as(stale.out()).isEqualTo(1);
    assertThat(stale.err())
        .contains("does not match the current split (threshold 3)")
        .contains("predates a rekey")
        .contains("spike operator recover");

    for (int i : List.of(4, 1)) {
      Pilot.Result r = Pilot.restore(env, newFiles.get(i));
      assertThat(r.code()).as(r.err()).isZero();
    }
    assertThat(probes.readyz(nexus)).as("2 of the new files are not enough").isEqualTo(503);
    Pilot.Result third = Pilot.restore(env, newFiles.get(2));
    assertThat(third.code()).as(third.err()).isZero();
    assertThat(third.out()).contains("SPIKE is now restored and ready to use.");
    assertThat(probes.readyz(nexus)).isEqualTo(200);
    try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
      for (int i = 0; i < SECRETS; i++) {
        assertThat(client.secrets().get("rekey/s" + i)).contains(Map.of("k", "v" + i));
      }
    }
  }
}
