package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadGenerator;
import ist.spike.bench.load.LoadResult;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limit of the {@code postgres} backend on the server it runs against: plain JDBC on
 * the same PostgreSQL server, one connection per client, rows the size of a sealed secret version.
 * A put is one {@code INSERT} committed on its own (autocommit, the server's default durability); a
 * get is one primary-key {@code SELECT}. Nothing is encrypted, batched or coordinated.
 */
final class PostgresBaseline implements AutoCloseable {
  private static final String TABLE = "bench_raw";
  private final String jdbcUrl;
  private final String user;
  private final byte[] value;
  private final List<Connection> opened = new ArrayList<>();

  /**
   * Creates the baseline's table on the server (dropping an earlier one).
   *
   * @param jdbcUrl the database Nexus uses
   * @param user a user that may create tables there
   * @param rowBytes size of the value column
   */
  PostgresBaseline(String jdbcUrl, String user, int rowBytes) throws SQLException {
    this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl");
    this.user = requireNonNull(user, "user");
    this.value = new byte[rowBytes];
    new SecureRandom().nextBytes(value);
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (path TEXT NOT NULL, version BIGINT NOT NULL, value BYTEA NOT NULL,"
              + " PRIMARY KEY (path, version))");
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO " + TABLE + " VALUES ('bench/get', 1, ?)")) {
        ps.setBytes(1, value);
        ps.executeUpdate();
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, "");
  }

  /** Inserts, each its own transaction, from {@code config.concurrency()} connections. */
  LoadResult puts(LoadConfig config) throws Exception {
    ThreadLocal<PreparedStatement> insert = perThread("INSERT INTO " + TABLE + " VALUES (?, ?, ?)");
    long base = System.nanoTime(); // keys unique across repeated rounds
    return LoadGenerator.run(
        config,
        seq -> {
          PreparedStatement ps = insert.get();
          ps.setString(1, "bench/put-" + (seq % 64));
          ps.setLong(2, base + seq);
          ps.setBytes(3, value);
          ps.executeUpdate();
        });
  }

  /** Primary-key reads of one row, from {@code config.concurrency()} connections. */
  LoadResult gets(LoadConfig config) throws Exception {
    ThreadLocal<PreparedStatement> select =
        perThread("SELECT value FROM " + TABLE + " WHERE path = 'bench/get' AND version = 1");
    return LoadGenerator.run(
        config,
        seq -> {
          try (ResultSet rs = select.get().executeQuery()) {
            if (!rs.next() || rs.getBytes(1).length != value.length) {
              throw new SQLException("the baseline row is missing");
            }
          }
        });
  }

  private ThreadLocal<PreparedStatement> perThread(String sql) {
    return ThreadLocal.withInitial(
        () -> {
          try {
            Connection c = connect();
            synchronized (opened) {
              opened.add(c);
            }
            return c.prepareStatement(sql);
          } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
          }
        });
  }

  @Override
  public void close() throws SQLException {
    synchronized (opened) {
      for (Connection c : opened) {
        c.close();
      }
      opened.clear();
    }
  }
}
