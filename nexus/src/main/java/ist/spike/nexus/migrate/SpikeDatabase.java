package ist.spike.nexus.migrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * Read-only access to a SPIKE Go Nexus SQLite database (spec §6.1): its {@code secret_metadata},
 * {@code secrets} and {@code policies} tables as stored, still encrypted.
 */
final class SpikeDatabase implements AutoCloseable {
  /** One {@code secret_metadata} row. */
  record MetadataRow(
      String path,
      byte[] nonce,
      byte[] currentVersion,
      byte[] oldestVersion,
      byte[] createdTime,
      byte[] updatedTime,
      byte[] maxVersions) {}

  /** One {@code secrets} row; times as go-sqlite3 stored them. */
  record VersionRow(
      String path,
      int version,
      byte[] nonce,
      byte[] encryptedData,
      String createdTime,
      String deletedTime) {}

  /** One {@code policies} row; times are Unix seconds. */
  record PolicyRow(
      String name,
      byte[] nonce,
      byte[] spiffeIdPattern,
      byte[] pathPattern,
      byte[] permissions,
      long createdTime,
      long updatedTime) {}

  private static final List<String> TABLES = List.of("policies", "secrets", "secret_metadata");
  private final Connection connection;

  private SpikeDatabase(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens a SPIKE database read-only.
   *
   * @throws IllegalArgumentException if the file is missing or lacks one of SPIKE's tables
   * @throws SQLException if SQLite cannot open it
   */
  static SpikeDatabase open(Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no SPIKE database at " + file);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    SpikeDatabase db = new SpikeDatabase(c);
    try {
      for (String table : TABLES) {
        if (!db.hasTable(table)) {
          throw new IllegalArgumentException(
              file + " is not a SPIKE Nexus database: table " + table + " is missing");
        }
      }
      return db;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private boolean hasTable(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Every secret path SPIKE lists (those with a metadata row), in byte order. */
  List<String> secretPaths() throws SQLException {
    return strings("SELECT path FROM secret_metadata ORDER BY path");
  }

  /** Paths with version rows but no metadata row: SPIKE never serves them. */
  List<String> pathsWithoutMetadata() throws SQLException {
    return strings(
        "SELECT DISTINCT path FROM secrets WHERE path NOT IN (SELECT path FROM secret_metadata)"
            + " ORDER BY path");
  }

  /** Every policy name, in byte order. */
  List<String> policyNames() throws SQLException {
    return strings("SELECT name FROM policies ORDER BY name");
  }

  Optional<MetadataRow> metadata(String path) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT nonce, encrypted_current_version, encrypted_oldest_version,"
                + " encrypted_created_time, encrypted_updated_time, encrypted_max_versions"
                + " FROM secret_metadata WHERE path = ?")) {
      s.setString(1, path);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new MetadataRow(
                path,
                r.getBytes(1),
                r.getBytes(2),
                r.getBytes(3),
                r.getBytes(4),
                r.getBytes(5),
                r.getBytes(6)));
      }
    }
  }

  List<VersionRow> versions(String path) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT version, nonce, encrypted_data, created_time, deleted_time FROM secrets"
                + " WHERE path = ? ORDER BY version")) {
      s.setString(1, path);
      List<VersionRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new VersionRow(
                  path, r.getInt(1), r.getBytes(2), r.getBytes(3), r.getString(4), r.getString(5)));
        }
      }
      return rows;
    }
  }

  Optional<PolicyRow> policy(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT nonce, encrypted_spiffe_id_pattern, encrypted_path_pattern,"
                + " encrypted_permissions, created_time, updated_time FROM policies WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PolicyRow(
                name,
                r.getBytes(1),
                r.getBytes(2),
                r.getBytes(3),
                r.getBytes(4),
                r.getLong(5),
                r.getLong(6)));
      }
    }
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
