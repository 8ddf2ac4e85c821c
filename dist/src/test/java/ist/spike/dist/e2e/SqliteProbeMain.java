package ist.spike.dist.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** A process for {@link ConscryptNativeLibraryProcessTest}: opens an SQLite database in memory. */
public final class SqliteProbeMain {
  private SqliteProbeMain() {}

  /** Prints {@code sqlite <version>} once SQLite's native library answered a query. */
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        ResultSet r = c.createStatement().executeQuery("select sqlite_version()")) {
      r.next();
      System.out.println("sqlite " + r.getString(1));
    }
  }
}
