package ist.spike.dist.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The development stack's PostgreSQL server: the embedded binaries from Maven Central ({@code
 * io.zonky.test}), data in {@code DIR/postgres}, listening on 127.0.0.1 only, trust authentication
 * for local connections. As root, PostgreSQL runs in an unprivileged user namespace (the launcher
 * does this itself), so nothing has to be installed by hand. Not for production.
 */
final class DevPostgres implements AutoCloseable {
  static final String DATABASE = "spike";

  private final EmbeddedPostgres pg;

  private DevPostgres(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  static DevPostgres start(Path dataDir, int port) {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // the embedded launcher passes -F (fsync off); acknowledged writes must be durable
              .setServerConfig("fsync", "on")
              .start();
      DevPostgres dev = new DevPostgres(pg);
      dev.createDatabaseIfAbsent();
      return dev;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
    }
  }

  private void createDatabaseIfAbsent() {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + DATABASE, e);
    }
  }

  /** Drops and recreates the database: an empty store for every instance. */
  void recreateDatabase() {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      st.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot recreate the database " + DATABASE, e);
    }
  }

  /** Returns the JDBC URL of the stack's database. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + DATABASE;
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    }
  }
}
