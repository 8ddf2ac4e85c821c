package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.cli.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launchers as real processes: the servers' {@code --help} lists every {@code SPIKE_*} variable
 * their sources read, and {@code spike} without an SVID source fails at once with the hint.
 */
class LauncherConventionsProcessTest {
  record Result(int code, String out, String err, long millis) {}

  private static Result run(List<String> env, String main, String... args) throws Exception {
    ProcessBuilder pb = DevStackProcess.java(main, args);
    pb.environment().keySet().removeIf(k -> k.startsWith("SPIKE_") || k.startsWith("SPIFFE_"));
    for (String kv : env) {
      pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    long start = System.nanoTime();
    Process p =
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s %s exits", main, List.of(args)).isTrue();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
        millis);
  }

  /** The {@code SPIKE_*} names that appear as string literals in a module's main sources. */
  private static TreeSet<String> variablesIn(String module) throws IOException {
    Path src = Path.of(System.getProperty("spike.repo.dir"), module, "src", "main", "java");
    Pattern literal = Pattern.compile("\"(SPIKE_[A-Z0-9_]+)");
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(src)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    names.remove("SPIKE_DEV_PARENT_PID"); // set by spike-dev for its children, not by users
    return names;
  }

  @Test
  void serverLaunchers_help_listsEveryVariableTheyRead() throws Exception {
    for (var server :
        List.of(
            List.of("nexus", "ist.spike.nexus.NexusMain", "spike-nexus"),
            List.of("keeper", "ist.spike.keeper.KeeperMain", "spike-keeper"),
            List.of("bootstrap", "ist.spike.bootstrap.BootstrapMain", "spike-bootstrap"))) {
      Result r = run(List.of(), server.get(1), "--help");
      assertThat(r.code()).as("%s --help: %s", server.get(2), r.err()).isZero();
      assertThat(r.out()).startsWith("Usage: " + server.get(2)).contains("SPIKE_SVID_DIR");
      // the server base (limits, metrics) and identity (SVIDs, TLS provider) are read by every
      // server
      TreeSet<String> read = variablesIn(server.get(0));
      read.addAll(variablesIn("server"));
      read.remove(
          "SPIKE_KEEPER_TLS_PORT"); // only in a Javadoc example of SpikeServer; Keeper's own
      read.addAll(variablesIn("identity"));
      for (String variable : read) {
        assertThat(r.out()).as("%s --help lists %s", server.get(2), variable).contains(variable);
      }
      Result version = run(List.of(), server.get(1), "--version");
      assertThat(version.out()).startsWith(BuildInfo.current().versionLine());
    }
  }

  @Test
  void spike_withoutSvidSource_failsAtOnceWithTheHint() throws Exception {
    Result r = run(List.of("HOME=/nonexistent"), "ist.spike.pilot.PilotMain", "secret", "list");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    List<String> lines = r.err().lines().toList();
    assertThat(lines).hasSizeLessThanOrEqualTo(5);
    assertThat(r.err())
        .contains("SPIKE_SVID_DIR")
        .contains("SPIFFE_ENDPOINT_SOCKET")
        .contains(". DIR/env")
        .doesNotContain("Exception")
        .doesNotContain("WARNING");
    // the issue asks for 1 s; a JVM start on a busy shared machine can take longer, so this bound
    // only catches the old behaviour (a 30 s wait for a SPIRE agent)
    assertThat(r.millis()).isLessThan(10_000);
    Result operator =
        run(
            List.of("HOME=/nonexistent", "SPIKE_PILOT_ROLE=recover"),
            "ist.spike.pilot.PilotMain",
            "operator",
            "recover");
    assertThat(operator.code()).isEqualTo(1);
    assertThat(operator.err()).contains(". DIR/env").doesNotContain("Exception");
    assertThat(operator.err().lines().count()).isLessThanOrEqualTo(5);
  }
}
