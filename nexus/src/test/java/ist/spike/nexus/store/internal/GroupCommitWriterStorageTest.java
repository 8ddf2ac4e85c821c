package ist.spike.nexus.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.nexus.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** Real SQLite refusals (SQLITE_FULL, SQLITE_READONLY) on the writer thread. */
class GroupCommitWriterStorageTest {
  private static final byte[] PAGE = new byte[4096];

  @Test
  void execute_databaseFull_throwsStorageUnavailableAndRecoversWhenSpaceReturns(@TempDir Path dir)
      throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("full.db"));
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
    }
    try (GroupCommitWriter writer = new GroupCommitWriter(c, 8, "test-writer")) {
      writer.execute(conn -> insert(conn, 0));
      int pages = writer.execute(GroupCommitWriterStorageTest::pageCount);
      // The database file may not grow any more: SQLite answers SQLITE_FULL.
      writer.execute(conn -> pragma(conn, "PRAGMA max_page_count = " + pages));

      assertThatThrownBy(() -> writer.execute(conn -> insert(conn, 1)))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("disk full or read-only data directory")
          .hasMessageContaining("SQLITE_FULL");
      assertThat((int) writer.execute(GroupCommitWriterStorageTest::count))
          .as("nothing half-written")
          .isEqualTo(1);

      writer.execute(conn -> pragma(conn, "PRAGMA max_page_count = 1000000"));
      writer.execute(conn -> insert(conn, 2));
      assertThat((int) writer.execute(GroupCommitWriterStorageTest::count))
          .as("writes work again")
          .isEqualTo(2);
    }
  }

  @Test
  void execute_readOnlyDatabase_throwsStorageUnavailable(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("ro.db");
    try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = setup.createStatement()) {
      st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Connection c = config.createConnection("jdbc:sqlite:" + db);
    try (GroupCommitWriter writer = new GroupCommitWriter(c, 8, "test-writer-ro")) {
      assertThatThrownBy(() -> writer.execute(conn -> insert(conn, 1)))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("SQLITE_READONLY");
    }
  }

  @Test
  void execute_constraintViolation_isNotAStorageFailure(@TempDir Path dir) throws Exception {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("c.db"));
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
    }
    try (GroupCommitWriter writer = new GroupCommitWriter(c, 8, "test-writer-c")) {
      writer.execute(conn -> insert(conn, 1));
      assertThatThrownBy(() -> writer.execute(conn -> insert(conn, 1)))
          .isInstanceOf(StoreException.class)
          .isNotInstanceOf(StorageUnavailableException.class);
    }
  }

  @Test
  void environmentCause_messageFallback_recognisesFullDisk() {
    assertThat(StorageFaults.environmentCause(new SQLException("database or disk is full")))
        .contains("database or disk is full");
    assertThat(
            StorageFaults.environmentCause(
                new RuntimeException(new SQLException("[SQLITE_ERROR] disk I/O error"))))
        .contains("disk i/o error");
    assertThat(StorageFaults.environmentCause(new SQLException("no such table: t"))).isEmpty();
  }

  private static Void insert(Connection c, int key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
      ps.setInt(1, key);
      ps.setBytes(2, PAGE);
      ps.executeUpdate();
    }
    return null;
  }

  private static Void pragma(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
    return null;
  }

  private static int pageCount(Connection c) throws SQLException {
    return queryInt(c, "PRAGMA page_count");
  }

  private static int count(Connection c) throws SQLException {
    return queryInt(c, "SELECT count(*) FROM t");
  }

  private static int queryInt(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
