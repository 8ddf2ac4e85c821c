package ist.spike.testkit.pg;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (the {@code io.zonky.test} binaries from Maven Central) listening on
 * 127.0.0.1 and a free port, with its data directory under a directory the test owns.
 *
 * <p>PostgreSQL refuses to run as root; when the JVM runs as root the zonky launcher runs {@code
 * initdb}, {@code pg_ctl} and {@code postgres} inside an unprivileged user namespace ({@code
 * unshare -U}), so nothing has to be installed or created by hand. Always {@link #close()} it.
 */
public final class PostgresServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path dataDir;
  private final int port;
  private volatile EmbeddedPostgres pg;

  private PostgresServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /**
   * Initialises (if needed) and starts a server.
   *
   * @param dataDir the data directory; created by {@code initdb} when absent, kept on close
   * @return the running server
   */
  public static PostgresServer start(Path dataDir) {
    PostgresServer s = new PostgresServer(requireNonNull(dataDir, "dataDir"), freePort());
    s.startProcess();
    return s;
  }

  private void startProcess() {
    try {
      pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "on")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  /** Stops the server (fast shutdown) and starts it again on the same port and data. */
  public void restart() {
    stop();
    startProcess();
  }

  /** Stops the server, keeping its data directory; {@link #restart()} may follow. */
  public void stop() {
    EmbeddedPostgres p = pg;
    pg = null;
    if (p != null) {
      try {
        p.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop PostgreSQL", e);
      }
    }
  }

  /** Returns the TCP port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Returns the superuser name ({@code postgres}, no password: trust on 127.0.0.1). */
  public String user() {
    return "postgres";
  }

  /** Returns a JDBC URL of one database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /**
   * Creates a new, empty database with a unique name.
   *
   * @param prefix the name's start (lower-case letters and digits)
   * @return the JDBC URL of the new database
   */
  public String createDatabase(String prefix) {
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
