package ist.spike.nexus.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import ist.spike.nexus.store.internal.PgFaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connections, schema migrations and key-free probes of the PostgreSQL store. */
final class PostgresDataSources {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresDataSources.class);

  /** Where the versioned migrations live on the class path. */
  static final String MIGRATIONS = "classpath:db/postgresql";

  private PostgresDataSources() {}

  /** Opens plain connections with the configured user, password file and TLS settings. */
  static DataSource unpooled(PostgresConfig config) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    config.user().ifPresent(ds::setUser);
    config.passwordFile().ifPresent(f -> ds.setPassword(readPassword(f)));
    ds.setSslmode(config.sslMode());
    config.sslRootCert().ifPresent(p -> ds.setSslRootCert(p.toString()));
    ds.setApplicationName("spike-nexus");
    ds.setConnectTimeout(5);
    ds.setTcpKeepAlive(true);
    return ds;
  }

  /** Pools connections from {@code raw}; requests wait at most 3 s for one. */
  static HikariDataSource pooled(PostgresConfig config, DataSource raw) {
    HikariConfig h = new HikariConfig();
    h.setDataSource(raw);
    h.setPoolName("nexus-pg");
    h.setMaximumPoolSize(config.poolSize());
    h.setMinimumIdle(Math.min(2, config.poolSize()));
    h.setConnectionTimeout(3000);
    h.setValidationTimeout(2000);
    // Nexus starts only when the database answers; a later outage is served as 503 per request.
    h.setInitializationFailTimeout(10_000);
    try {
      return new HikariDataSource(h);
    } catch (RuntimeException e) {
      throw new StoreUnreachableException("cannot connect to " + config.jdbcUrl(), e);
    }
  }

  private static String readPassword(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.GROUP_READ)) {
        LOG.warn("the PostgreSQL password file {} is readable by others; make it 0600", file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // checked again by the read below
    }
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_PG_PASSWORD_FILE " + file + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * Brings the schema up to date with Flyway (concurrent instances serialise on Flyway's own lock).
   *
   * @return the schema version now applied
   */
  static String migrate(DataSource ds) {
    try {
      MigrateResult r =
          Flyway.configure()
              .dataSource(ds)
              .locations(MIGRATIONS)
              .table("nexus_schema_history")
              .load()
              .migrate();
      return r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
    } catch (FlywayException e) {
      if (PgFaults.isUnreachable(e)) {
        throw new StoreUnreachableException("migration could not connect", e);
      }
      throw new StoreException("cannot migrate the PostgreSQL schema: " + e.getMessage(), e);
    }
  }

  static Optional<byte[]> selectKeyCheck(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM nexus_meta WHERE name = ?")) {
      ps.setString(1, JdbcBackend.KEY_CHECK);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  static boolean hasData(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM secret_metadata) OR EXISTS (SELECT 1 FROM policies)");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
