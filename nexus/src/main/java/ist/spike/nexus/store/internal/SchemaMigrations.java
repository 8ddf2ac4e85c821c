package ist.spike.nexus.store.internal;

import ist.spike.nexus.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and upgrades the Nexus schema. The applied version is kept in {@code schema_version};
 * each migration runs once, in order, in its own transaction. A database newer than this code, or
 * one in SPIKE's (Go) layout, is refused rather than modified.
 */
public final class SchemaMigrations {
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE nexus_meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
              "CREATE TABLE secret_metadata (path TEXT PRIMARY KEY, encrypted_index BLOB NOT NULL)",
              "CREATE TABLE secret_versions (path TEXT NOT NULL, version INTEGER NOT NULL,"
                  + " encrypted_values BLOB NOT NULL, PRIMARY KEY (path, version))",
              "CREATE TABLE policies (name TEXT PRIMARY KEY, encrypted_policy BLOB NOT NULL)"));

  private SchemaMigrations() {}

  /** Returns the schema version this code writes. */
  public static int latest() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the schema up to date.
   *
   * @param c a connection with auto-commit off
   * @return the version after migrating
   * @throws StoreException if the database is newer than this code or is not ours
   */
  public static int migrate(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int current;
      try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
        current = rs.next() ? rs.getInt(1) : 0;
      }
      if (current == 0 && tableExists(c, "secrets")) {
        c.rollback();
        throw new StoreException(
            "the database holds SPIKE's (Go) schema, which this Nexus does not read; "
                + "point SPIKE_NEXUS_DATA_DIR at another directory");
      }
      if (current > latest()) {
        c.rollback();
        throw new StoreException(
            "database schema version " + current + " is newer than this Nexus (" + latest() + ")");
      }
      for (int v = current + 1; v <= latest(); v++) {
        for (String sql : MIGRATIONS.get(v - 1)) {
          st.execute(sql);
        }
        st.execute("INSERT INTO schema_version (version) VALUES (" + v + ")");
        c.commit();
      }
      c.commit();
      return latest();
    }
  }

  private static boolean tableExists(Connection c, String name) throws SQLException {
    try (var ps =
        c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
