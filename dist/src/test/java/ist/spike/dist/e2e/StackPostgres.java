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

  /** The server's TCP port on 127.0.0.1 (line 4 of {@code postmaster.pid}). */
  int port() throws IOException {
    return Integer.parseInt(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(3).trim());
  }

  /** The value of a server setting ({@code SHOW name}), read through JDBC as the superuser. */
  String setting(String name) throws java.sql.SQLException, IOException {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port() + "/spike", "postgres", "");
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Restarts the server with {@code pg_ctl restart -m fast} (every connection is terminated, the
   * server stops and starts again on the same port and data) and waits until it accepts
   * connections.
   */
  void restart() throws IOException, InterruptedException {
    long before = postmasterPid();
    pgCtl(before, "-m", "fast", "-w", "-t", "120", "-l", log.toString(), "restart");
    assertThat(postmasterPid()).as("a new postmaster runs").isNotEqualTo(before);
  }

  /**
   * Stops the server ({@code pg_ctl stop -m fast}); {@link Stopped#start()} starts it again with
   * the same options.
   */
  Stopped stop() throws IOException, InterruptedException {
    long before = postmasterPid();
    Path binary = postgresBinary(before);
    // The command line the embedded launcher started the server with: "postgres" "-D" ... "-p" ...
    String opts = Files.readString(dataDir.resolve("postmaster.opts")).trim();
    String args = opts.substring(opts.indexOf(' ') + 1);
    // -w: returns once the server is down (its pid may linger as a zombie: not checked)
    pgCtl(binary, "-m", "fast", "-w", "-t", "120", "stop");
    return () -> {
      pgCtl(binary, "-w", "-t", "120", "-l", log.toString(), "-o", args, "start");
      assertThat(postmasterPid()).as("a new postmaster runs").isNotEqualTo(before);
    };
  }

  /** A stopped server. */
  @FunctionalInterface
  interface Stopped {
    /** Starts it again and waits until it accepts connections. */
    void start() throws IOException, InterruptedException;
  }

  private static Path postgresBinary(long postmaster) {
    return Path.of(
        ProcessHandle.of(postmaster)
            .flatMap(h -> h.info().command())
            .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + postmaster)));
  }

  private void pgCtl(long postmaster, String... args) throws IOException, InterruptedException {
    pgCtl(postgresBinary(postmaster), args);
  }

  /** Runs the server's own pg_ctl; as root in an unprivileged user namespace, as the launcher. */
  private void pgCtl(Path postgresBinary, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(postgresBinary.resolveSibling("pg_ctl").toString());
    command.addAll(List.of("-D", dataDir.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("pg_ctl %s finished", List.of(args)).isTrue();
    assertThat(p.exitValue()).as("pg_ctl %s status; see %s", List.of(args), log).isZero();
  }
}
