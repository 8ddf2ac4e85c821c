package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
}
