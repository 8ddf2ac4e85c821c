package ist.spike.dist.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {
  @TempDir Path dir;
  final ByteArrayOutputStream report = new ByteArrayOutputStream();

  ChildSpec sleeper(String name, Map<String, String> env) {
    return new ChildSpec(
        name,
        SleeperMain.class.getName(),
        List.of(),
        List.of("-Xmx16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        env,
        dir.resolve("logs").resolve(name + ".log"));
  }

  @Test
  void start_childKilled_isRestartedAndTheRestartLogged() throws Exception {
    try (Supervisor s =
        Supervisor.forThisJvm(
            dir.resolve("run"), new PrintStream(report, true, StandardCharsets.UTF_8))) {
      s.start(sleeper("keeper-1", Map.of("SLEEPER_TAG", "k1")));
      await().atMost(Duration.ofSeconds(20)).until(() -> s.pid("keeper-1").isPresent());
      long first = s.pid("keeper-1").orElseThrow();
      assertThat(Files.readString(dir.resolve("run/keeper-1.pid")).trim())
          .isEqualTo(Long.toString(first));
      ProcessHandle.of(first).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> s.starts("keeper-1") == 2 && s.pid("keeper-1").isPresent());
      assertThat(s.pid("keeper-1").orElseThrow()).isNotEqualTo(first);
      assertThat(report.toString(StandardCharsets.UTF_8))
          .contains("keeper-1 (pid " + first + ") exited")
          .contains("restarting it");
    }
  }

  @Test
  void close_stopsEveryChildAndRemovesPidFiles() throws Exception {
    Supervisor s =
        Supervisor.forThisJvm(
            dir.resolve("run"), new PrintStream(report, true, StandardCharsets.UTF_8));
    s.start(sleeper("a", Map.of()));
    s.start(sleeper("b", Map.of()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> s.pid("a").isPresent() && s.pid("b").isPresent());
    ProcessHandle a = ProcessHandle.of(s.pid("a").orElseThrow()).orElseThrow();
    ProcessHandle b = ProcessHandle.of(s.pid("b").orElseThrow()).orElseThrow();
    s.close();
    assertThat(a.isAlive()).isFalse();
    assertThat(b.isAlive()).isFalse();
    assertThat(dir.resolve("run/a.pid")).doesNotExist();
    assertThat(report.toString(StandardCharsets.UTF_8)).doesNotContain("restarting");
  }

  @Test
  void runOnce_returnsTheExitStatusAndDoesNotRestart() throws Exception {
    try (Supervisor s =
        Supervisor.forThisJvm(
            dir.resolve("run"), new PrintStream(report, true, StandardCharsets.UTF_8))) {
      assertThat(
              s.runOnce(sleeper("bootstrap", Map.of("SLEEPER_EXIT", "3")), Duration.ofSeconds(30)))
          .contains(3);
      assertThat(s.starts("bootstrap")).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("logs/bootstrap.log"))).contains("sleeper up");
    }
  }

  @Test
  void start_aotCacheDirectory_childGetsItsCacheAndStillStartsWhenTheCacheIsUnusable()
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ist.spike.dist.AotCache.supported());
    Path aotDir = Files.createDirectories(dir.resolve("aot"));
    ist.spike.dist.AotCache aot = ist.spike.dist.AotCache.in(aotDir);
    Path cache = aot.cacheFile(SleeperMain.class.getName());
    Files.writeString(cache, "not an AOT cache"); // what a truncated or foreign cache looks like
    try (Supervisor s =
        new Supervisor(
            Path.of(System.getProperty("java.home"), "bin", "java"),
            System.getProperty("java.class.path"),
            dir.resolve("run"),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            java.util.Optional.of(aot))) {
      s.start(sleeper("keeper-1", Map.of("SLEEPER_TAG", "cached")));
      Path log = dir.resolve("logs/keeper-1.log");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(log) && Files.readString(log).contains("sleeper up cached"));
      long pid = s.pid("keeper-1").orElseThrow();
      String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      assertThat(cmdline).contains("-XX:AOTCache=" + cache).contains("-Xlog:aot=off");
      assertThat(s.starts("keeper-1")).isEqualTo(1);
    }
  }

  @Test
  void start_noCacheForTheMainClass_childStartsWithoutAotOptions() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ist.spike.dist.AotCache.supported());
    ist.spike.dist.AotCache aot =
        ist.spike.dist.AotCache.in(Files.createDirectories(dir.resolve("empty-aot")));
    try (Supervisor s =
        new Supervisor(
            Path.of(System.getProperty("java.home"), "bin", "java"),
            System.getProperty("java.class.path"),
            dir.resolve("run"),
            new PrintStream(report, true, StandardCharsets.UTF_8),
            java.util.Optional.of(aot))) {
      s.start(sleeper("keeper-1", Map.of()));
      await().atMost(Duration.ofSeconds(20)).until(() -> s.pid("keeper-1").isPresent());
      long pid = s.pid("keeper-1").orElseThrow();
      assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")))
          .doesNotContain("-XX:AOT");
    }
  }
}
