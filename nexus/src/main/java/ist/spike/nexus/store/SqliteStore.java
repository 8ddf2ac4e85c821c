package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.internal.SecretTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Looks at a SQLite store without its root key. Paths, policy names and the key-check row are
 * plaintext in the schema, so whether the store holds anything can be answered before Nexus knows
 * its key (for {@code /v1/bootstrap/status}), without opening the encrypted store.
 */
public final class SqliteStore {
  /**
   * What the store holds.
   *
   * @param hasData a secret or a policy is stored
   * @param hasKeyCheck a root key's key-check value is stored
   */
  public record Contents(boolean hasData, boolean hasKeyCheck) {
    /** An absent or empty store. */
    public static final Contents EMPTY = new Contents(false, false);

    /** Returns whether a root key has been used with this store: data or a key-check value. */
    public boolean initialized() {
      return hasData || hasKeyCheck;
    }
  }

  private SqliteStore() {}

  /**
   * Inspects {@code <dataDir>/spike.db} read-only. Creates no directory, no database and no side
   * file: an absent database is {@link Contents#EMPTY}, as is one whose schema was never created.
   *
   * @param dataDir the data directory ({@link BackendConfig#dataDir()})
   * @return what the store holds
   * @throws StoreException if the database exists but cannot be read
   */
  public static Contents inspect(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    Path db = dataDir.resolve(SqliteBackend.DB_FILE);
    if (!Files.isRegularFile(db)) {
      return Contents.EMPTY;
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5_000);
    // A read-only connection to a WAL database creates -wal and -shm files and cannot remove them.
    // Without a -wal file every row is in the main file, so it is opened as immutable (no side
    // files, no locks: nothing else has the store open before Nexus does). With one (a crash, or a
    // Nexus running on the same directory), the side files exist already and are read as they are.
    boolean walPresent = Files.exists(dataDir.resolve(SqliteBackend.DB_FILE + "-wal"));
    String url = "jdbc:sqlite:" + db.toUri() + (walPresent ? "?mode=ro" : "?mode=ro&immutable=1");
    try (Connection c = config.createConnection(url)) {
      Set<String> tables = tables(c);
      boolean data =
          (tables.contains("secret_metadata") && exists(c, "SELECT 1 FROM secret_metadata"))
              || (tables.contains("policies") && exists(c, "SELECT 1 FROM policies"));
      boolean keyCheck =
          tables.contains("nexus_meta")
              && exists(c, "SELECT 1 FROM nexus_meta WHERE name = '" + JdbcBackend.KEY_CHECK + "'");
      return new Contents(data, keyCheck);
    } catch (SQLException e) {
      throw new StoreException("cannot inspect the SQLite database " + db, e);
    }
  }

  /**
   * Reads the split's public values ({@link ClusterState#splitMeta()}) from {@code
   * <dataDir>/spike.db} read-only, as {@link #inspect} does; an absent store holds none.
   *
   * @throws StoreException if the database exists but cannot be read
   */
  public static ClusterState.SplitMeta splitMeta(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    Path db = dataDir.resolve(SqliteBackend.DB_FILE);
    if (!Files.isRegularFile(db)) {
      return ClusterState.SplitMeta.NONE;
    }
    try (Connection c = readOnly(dataDir, db)) {
      if (!tables(c).contains("nexus_meta")) {
        return ClusterState.SplitMeta.NONE;
      }
      return new ClusterState.SplitMeta(
          SecretTables.selectMeta(c, JdbcBackend.SHARD_COMMITMENTS),
          SecretTables.selectMeta(c, JdbcBackend.KEY_GENERATIONS));
    } catch (SQLException e) {
      throw new StoreException("cannot read the split values of the SQLite database " + db, e);
    }
  }

  private static Connection readOnly(Path dataDir, Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5_000);
    // see inspect: immutable unless a -wal file exists
    boolean walPresent = Files.exists(dataDir.resolve(SqliteBackend.DB_FILE + "-wal"));
    String url = "jdbc:sqlite:" + db.toUri() + (walPresent ? "?mode=ro" : "?mode=ro&immutable=1");
    return config.createConnection(url);
  }

  private static Set<String> tables(Connection c) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static boolean exists(Connection c, String query) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (" + query + ")");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBoolean(1);
    }
  }
}
