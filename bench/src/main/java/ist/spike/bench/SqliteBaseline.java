package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadGenerator;
import ist.spike.bench.load.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The physical limit of a durable write: raw SQLite commits through JDBC, one row per transaction
 * on one connection, in WAL mode with {@code synchronous} as Nexus uses it (FULL by default: the
 * WAL is fsynced on every commit). The row is the size of an encrypted secret version.
 */
final class SqliteBaseline {
  private SqliteBaseline() {}

  /**
   * Measures commits per second.
   *
   * @param dir a scratch directory on the disk Nexus would use
   * @param synchronous the SQLite synchronous level, e.g. "FULL"
   * @param rowBytes the size of the value column
   * @param config how long to run (concurrency is forced to 1: SQLite has one writer)
   */
  static LoadResult commits(Path dir, String synchronous, int rowBytes, LoadConfig config)
      throws Exception {
    requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    Path db = Files.createTempFile(dir, "baseline-", ".db");
    byte[] value = new byte[rowBytes];
    new SecureRandom().nextBytes(value);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=" + synchronous);
        st.execute(
            "CREATE TABLE kv (path TEXT NOT NULL, version INTEGER NOT NULL, value BLOB NOT NULL,"
                + " PRIMARY KEY (path, version))");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
        LoadConfig single = LoadConfig.closedLoop(1, config.warmup(), config.duration());
        return LoadGenerator.run(
            single,
            seq -> {
              try {
                insert.setString(1, "bench/secret-" + (seq % 1000));
                insert.setLong(2, seq);
                insert.setBytes(3, value);
                insert.executeUpdate();
                c.commit();
              } catch (SQLException e) {
                c.rollback();
                throw e;
              }
            });
      }
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
    }
  }

  static LoadConfig config(BenchSettings s) {
    return LoadConfig.closedLoop(1, Duration.ofSeconds(1), Duration.ofSeconds(s.loadSeconds()));
  }
}
