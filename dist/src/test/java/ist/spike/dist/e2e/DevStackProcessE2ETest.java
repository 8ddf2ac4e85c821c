package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shard;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
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
 * {@code bin/spike-dev} as a real process tree (DevMain, Nexus, three Keepers, Bootstrap, each its
 * own JVM), driven through issue 4's scenarios in order: up and ready; kill -9 Nexus; kill -9 a
 * Keeper; lose Nexus and every Keeper, then malformed and wrong restores, then a restore from 2 of
 * 3 recovery files; no shard material in any log; SIGTERM stops every child.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackProcessE2ETest {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Duration SLOW = Duration.ofSeconds(120);

  Path dir;
  Process devMain;
  Thread reader;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  Map<String, String> env;
  URI nexus;
  List<URI> keepers;
  StackProbes probes;
  final List<String> recoveryLines = new ArrayList<>();

  @BeforeAll
  void startStack(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    launch();
    env = Pilot.envFile(dir.resolve("env"));
    nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    keepers = new ArrayList<>();
    for (String k : env.get("SPIKE_NEXUS_KEEPER_PEERS").split(",")) {
      keepers.add(URI.create(k));
    }
    probes = new StackProbes(dir);
  }

  void launch() throws Exception {
    output.clear();
    DevStackProcess stack = DevStackProcess.start(dir, output);
    devMain = stack.process();
    reader = stack.reader();
  }

  @AfterAll
  void stopStack() throws Exception {
    if (probes != null) {
      probes.close();
    }
    if (devMain != null && devMain.isAlive()) {
      devMain.destroyForcibly();
    }
  }

  long pid(String component) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("run/" + component + ".pid")).trim());
  }

  void kill9(String component) throws IOException {
    ProcessHandle.of(pid(component)).ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  @Order(1)
  void stackUp_afterBootstrap_nexusIsReadyAndTheEnvFileServesPilot() throws Exception {
    assertThat(output).anyMatch(l -> l.startsWith("SPIKE dev stack up: nexus " + nexus + " ready"));
    Path audit = dir.resolve("audit/nexus-audit.jsonl");
    assertThat(output).anyMatch(l -> l.contains(", audit " + audit + ";"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(env)
        .containsKeys(
            "SPIKE_SVID_DIR",
            "SPIKE_PILOT_RECOVER_SVID_DIR",
            "SPIKE_PILOT_RESTORE_SVID_DIR",
            "SPIKE_PILOT_RECOVERY_DIR");
    assertThat(keepers).hasSize(3);
    assertThat(probes.readyz(nexus)).isEqualTo(200);

    Pilot.Result put = Pilot.run(env, null, "", "secret", "put", "secrets/e2e", "password=s3cret");
    assertThat(put.code()).as(put.err()).isZero();

    Pilot.Result asSuperuser = Pilot.run(env, null, "", "operator", "recover");
    assertThat(asSuperuser.code()).isEqualTo(1);
    assertThat(asSuperuser.err()).contains("you need the 'recover' role");

    Pilot.Result recovered = Pilot.recover(env);
    assertThat(recovered.code()).as(recovered.err()).isZero();
    Path recoverDir = dir.resolve("recover");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recoverDir)))
        .isEqualTo("rwx------");
    for (int i = 1; i <= 3; i++) {
      Path f = recoverDir.resolve("spike.recovery." + i + ".txt");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .isEqualTo("rw-------");
      String line = Files.readString(f);
      assertThat(line).matches("spike:" + i + ":[0-9a-f]{64}");
      recoveryLines.add(line);
      // Keeper i holds exactly shard i, with its index.
      Shard held = probes.keeperShard(keepers.get(i - 1), i).orElseThrow();
      assertThat(
              new String(
                  RecoveryLine.format(held, InsecureSecretAccess.get()), StandardCharsets.US_ASCII))
          .isEqualTo(line);
    }
  }

  @Test
  @Order(2)
  void kill9Nexus_isRestartedAndReadyFromTheKeepersWithoutOperatorAction() throws Exception {
    long before = pid("nexus");
    kill9("nexus");
    await().atMost(SLOW).until(() -> pid("nexus") != before);
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> probes.readyz(nexus) == 200);
    assertThat(output).anyMatch(l -> l.contains("nexus (pid " + before + ") exited"));
    assertThat(Files.readString(dir.resolve("logs/nexus.log")))
        .contains("root key installed from keepers");
    assertSecretReadable();
  }

  @Test
  @Order(1)
  void readmeSdkSnippet_compilesAndRunsAgainstTheStack(@TempDir Path classes) throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("spike.repo.dir"), "README.md"));
    int at = readme.indexOf("### The Java SDK");
    int start = readme.indexOf("```java\n", at) + "```java\n".length();
    // The snippet is a whole program, compiled and run as written (with the stack's environment).
    String source = readme.substring(start, readme.indexOf("```", start));
    java.util.regex.Matcher name =
        java.util.regex.Pattern.compile("public class (\\w+)").matcher(source);
    assertThat(name.find()).as("README SDK snippet is a public class:%n%s", source).isTrue();
    Path file = classes.resolve(name.group(1) + ".java");
    Files.writeString(file, source);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.io.StringWriter diagnostics = new java.io.StringWriter();
    boolean compiled =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of("-cp", System.getProperty("java.class.path"), "-d", classes.toString()),
                null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file))
            .call();
    assertThat(compiled).as("README SDK snippet:%n%s%n%s", source, diagnostics).isTrue();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                name.group(1))
            .redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("user: app").contains("hello");
    Pilot.Result get = Pilot.run(env, null, "", "secret", "get", "apps/db", "user");
    assertThat(get.out().trim()).as(get.err()).isEqualTo("app");
  }

  void assertSecretReadable() {
    Pilot.Result get = Pilot.run(env, null, "", "secret", "get", "secrets/e2e", "password");
    assertThat(get.code()).as(get.err()).isZero();
    assertThat(get.out().trim()).isEqualTo("s3cret");
  }

  @Test
  @Order(3)
  void kill9Keeper_isRestartedAndRehydratedWithinOneInterval() throws Exception {
    long before = pid("keeper-2");
    kill9("keeper-2");
    await().atMost(SLOW).until(() -> pid("keeper-2") != before);
    // Wait until the new Keeper answers (empty or not), then it must hold shard 2 within one
    // interval (plus scheduling slack on a loaded machine).
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> probes.keeperShard(keepers.get(1), 2).isPresent() || listening(keepers.get(1)));
    await()
        .atMost(INTERVAL.multipliedBy(2).plusSeconds(8))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> probes.keeperShard(keepers.get(1), 2).isPresent());
    Shard held = probes.keeperShard(keepers.get(1), 2).orElseThrow();
    assertThat(
            new String(
                RecoveryLine.format(held, InsecureSecretAccess.get()), StandardCharsets.US_ASCII))
        .isEqualTo(recoveryLines.get(1));
    assertThat(output).anyMatch(l -> l.contains("keeper-2 (pid " + before + ") exited"));
  }

  boolean listening(URI keeper) {
    try (java.net.Socket s = new java.net.Socket(keeper.getHost(), keeper.getPort())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Order(4)
  void nexusAndEveryKeeperLost_malformedAndWrongRestoresChangeNothing_thenTwoFilesRestore()
      throws Exception {
    long nexusBefore = pid("nexus");
    List<Long> keepersBefore = List.of(pid("keeper-1"), pid("keeper-2"), pid("keeper-3"));
    kill9("nexus");
    for (int i = 1; i <= 3; i++) {
      kill9("keeper-" + i);
    }
    await()
        .atMost(SLOW)
        .until(
            () ->
                pid("nexus") != nexusBefore
                    && pid("keeper-1") != keepersBefore.get(0)
                    && pid("keeper-2") != keepersBefore.get(1)
                    && pid("keeper-3") != keepersBefore.get(2));
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> probes.readyz(nexus) == 503);
    long nexusPid = pid("nexus");

    // (6) Malformed bodies: refused with 4xx, never a crash.
    List<String> malformed =
        List.of(
            "",
            "{",
            "null",
            "[]",
            "{\"id\":\"1\",\"shard\":[1]}",
            "{\"id\":1,\"shard\":\"AAAA\"}",
            "{\"id\":0,\"shard\":[" + "1,".repeat(31) + "1]}",
            "{\"id\":1001,\"shard\":[" + "1,".repeat(31) + "1]}",
            "{\"id\":1,\"shard\":[" + "0,".repeat(31) + "0]}",
            "{\"id\":1,\"shard\":[" + "255,".repeat(31) + "255]}",
            "{\"id\":1,\"shard\":[256" + ",1".repeat(31) + "]}",
            "{\"id\":1,\"shard\":" + "[".repeat(200) + "]".repeat(200) + "}",
            "{\"id\":1,\"shard\":[" + "1,".repeat(100_000) + "1]}");
    for (String body : malformed) {
      int status = probes.rawRestore(nexus, body.getBytes(StandardCharsets.US_ASCII));
      assertThat(status).as("restore body %.60s", body).isBetween(400, 499);
    }
    assertThat(ProcessHandle.of(nexusPid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(probes.readyz(nexus)).isEqualTo(503);

    // (5) A wrong but well-formed shard: refused, nothing changes, the collection starts over.
    Pilot.Result first = Pilot.restore(env, recoveryLines.get(0));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("Shards collected: 1").contains("Shards remaining: 1");
    String wrong = "spike:2:" + HexFormat.of().formatHex(new byte[31]) + "07";
    Pilot.Result refused = Pilot.restore(env, wrong);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("does not match the key-check value");
    assertThat(probes.readyz(nexus)).isEqualTo(503);
    for (int i = 1; i <= 3; i++) {
      assertThat(probes.keeperShard(keepers.get(i - 1), i)).isEmpty();
    }

    // (4) Two of three recovery files restore Nexus, and the Keepers hold their shards again.
    Pilot.Result third = Pilot.restore(env, recoveryLines.get(2));
    assertThat(third.out()).contains("Shards collected: 1");
    Pilot.Result done = Pilot.restore(env, recoveryLines.get(0));
    assertThat(done.code()).as(done.err()).isZero();
    assertThat(done.out()).contains("SPIKE is now restored and ready to use.");
    assertThat(probes.readyz(nexus)).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              for (int i = 1; i <= 3; i++) {
                Shard held =
                    probes
                        .keeperShard(keepers.get(i - 1), i)
                        .orElseThrow(() -> new AssertionError("a keeper holds no shard yet"));
                assertThat(
                        new String(
                            RecoveryLine.format(held, InsecureSecretAccess.get()),
                            StandardCharsets.US_ASCII))
                    .isEqualTo(recoveryLines.get(i - 1));
              }
            });
    assertThat(pid("nexus")).isEqualTo(nexusPid);
    assertSecretReadable();
  }

  @Test
  @Order(5)
  void logs_holdNoShardOrKeyMaterial() throws Exception {
    String audit = Files.readString(dir.resolve("audit/nexus-audit.jsonl"));
    assertThat(audit)
        .contains("\"route\":\"/v1/store/secrets\"")
        .contains("\"resource\":{\"path\":\"secrets/e2e\"")
        .contains("\"event\":\"root_key_rebuilt\"")
        .contains("\"event\":\"recover\"");
    // (The Keepers' records themselves are not checked here: on the test class path a test-jar's
    // logback-test.xml wins over the launchers' logback.xml.)
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("audit/keeper-1-audit.log"))))
        .isEqualTo("rw-------");
    // The chain survived kill -9 of Nexus and verifies offline with the public key beside it.
    Pilot.Result verified =
        Pilot.run(
            env, null, "", "audit", "verify", dir.resolve("audit/nexus-audit.jsonl").toString());
    assertThat(verified.code()).as(verified.err()).isZero();
    assertThat(verified.out()).startsWith("OK: ");
    String logs =
        StackProbes.allLogs(dir)
            + String.join("\n", output)
            + audit
            + Files.readString(dir.resolve("audit/keeper-1-audit.log"));
    assertThat(logs).contains("root key installed");
    assertThat(logs).doesNotContain("s3cret");
    for (String line : recoveryLines) {
      String hex = line.substring(line.lastIndexOf(':') + 1);
      assertThat(logs).doesNotContain(hex).doesNotContain(hex.substring(0, 16));
    }
  }

  @Test
  @Order(6)
  void sigterm_stopsEveryChildAndRemovesPidFiles() throws Exception {
    List<Long> children = new ArrayList<>();
    for (String c : List.of("nexus", "keeper-1", "keeper-2", "keeper-3")) {
      children.add(pid(c));
    }
    // ProcessHandle.destroy sends SIGTERM without closing our end of its stdout (Process.destroy
    // would).
    devMain.toHandle().destroy();
    assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    for (long child : children) {
      assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
    try (var files = Files.list(dir.resolve("run"))) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(output).anyMatch(l -> l.contains("spike-dev: stopped"));
  }

  @Test
  @Order(7)
  void secondRunOnTheSameDirectory_restoresFromTheDevRecoveryFiles_withNoOperatorStep()
      throws Exception {
    launch();
    assertThat(output).anyMatch(l -> l.contains("restoring its root key from"));
    env = Pilot.envFile(dir.resolve("env"));
    nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    assertThat(output).anyMatch(l -> l.startsWith("SPIKE dev stack up: nexus " + nexus + " ready"));
    assertThat(Files.readString(dir.resolve("logs/bootstrap.log")))
        .contains("refusing to generate a new root key");
    Path files = dir.resolve("dev-recovery/recover");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files)))
        .isEqualTo("rwx------");
    for (int i = 1; i <= 3; i++) {
      Path f = files.resolve("spike.recovery." + i + ".txt");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(f)).isEqualTo(recoveryLines.get(i - 1));
    }
    assertThat(probes.readyz(nexus)).isEqualTo(200);
    assertSecretReadable();
  }

  @Test
  @Order(8)
  void secondSpikeDevOnTheSameDirectory_isRefusedWithTheFirstsPid_andTheFirstKeepsWorking()
      throws Exception {
    List<String> second = Collections.synchronizedList(new ArrayList<>());
    Process other = DevStackProcess.launch(dir, second);
    DevStackProcess.readInto(other, second);
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(other.exitValue()).isEqualTo(1);
    assertThat(String.join("\n", second))
        .contains("is in use by another spike-dev (pid " + devMain.pid() + ")");
    assertThat(Pilot.envFile(dir.resolve("env"))).isEqualTo(env); // env not taken over
    assertThat(probes.readyz(nexus)).isEqualTo(200);
    assertSecretReadable();
    devMain.toHandle().destroy();
    assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @Order(9)
  void restartWithoutRecoveryFiles_saysWhatToDo_andResetWipes() throws Exception {
    Files.walk(dir.resolve("dev-recovery"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    launch();
    assertThat(output)
        .anyMatch(l -> l.contains("has no usable recovery files") && l.contains("--reset"));
    devMain.toHandle().destroy();
    assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();

    output.clear();
    DevStackProcess reset = DevStackProcess.start(dir, output, "--reset");
    devMain = reset.process();
    env = Pilot.envFile(dir.resolve("env"));
    nexus = URI.create(env.get("SPIKE_NEXUS_API_URL"));
    assertThat(output).anyMatch(l -> l.startsWith("SPIKE dev stack up: nexus " + nexus + " ready"));
    Pilot.Result gone = Pilot.run(env, null, "", "secret", "get", "secrets/e2e", "password");
    assertThat(gone.code()).isEqualTo(1);
    assertThat(gone.err()).contains("Error: Secret not found.");
    devMain.toHandle().destroy();
    assertThat(devMain.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }
}
