package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server of a running {@code spike-dev --backend postgres} stack, seen from a test:
 * its postmaster (from {@code DIR/postgres/postmaster.pid}) and a restart with the server's own
 * {@code pg_ctl}, as an operator would do it.
 */
final class StackPostgres {
  private final Path dataDir;
  private final Path log;

  StackPostgres(Path stackDir) {
    this.dataDir = stackDir.resolve("postgres");
    this.log = stackDir.resolve("logs").resolve("postgres-restart.log");
  }

  /** The running postmaster's pid. */
  long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
  }

  /**
   * Restarts the server with {@code pg_ctl restart -m fast} (every connection is terminated, the
   * server stops and starts again on the same port and data) and waits until it accepts
   * connections. As root the command runs in an unprivileged user namespace, as the embedded
   * launcher starts it.
   */
  void restart() throws IOException, InterruptedException {
    long before = postmasterPid();
    Path postgresBinary =
        Path.of(
            ProcessHandle.of(before)
                .flatMap(h -> h.info().command())
                .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + before)));
    Path pgCtl = postgresBinary.resolveSibling("pg_ctl");
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(
        List.of(
            pgCtl.toString(),
            "-D",
            dataDir.toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            "120",
            "-l",
            log.toString(),
            "restart"));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("pg_ctl restart finished").isTrue();
    assertThat(p.exitValue()).as("pg_ctl restart status; see %s", log).isZero();
    assertThat(postmasterPid()).as("a new postmaster runs").isNotEqualTo(before);
  }
}
