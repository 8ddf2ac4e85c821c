package ist.spike.nexus.store;

import ist.spike.nexus.store.internal.PgFaults;
import ist.spike.nexus.store.internal.SecretTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The cluster state in the shared PostgreSQL database: the key-check row, the presence of data and
 * the one-row {@code bootstrap_claim} table, all readable without the root key.
 */
final class PostgresClusterState implements ClusterState {
  private final DataSource ds;
  private final Duration lease;
  private volatile boolean migrated;

  private PostgresClusterState(DataSource ds, Duration lease) {
    this.ds = ds;
    this.lease = lease;
  }

  static PostgresClusterState open(PostgresConfig config, Duration lease) {
    return new PostgresClusterState(PostgresDataSources.unpooled(config), lease);
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T run(String what, Query<T> q) {
    if (!migrated) {
      // The tables must exist before the first Bootstrap asks, even while the database was down
      // when Nexus started; Flyway serialises concurrent instances.
      synchronized (this) {
        if (!migrated) {
          PostgresDataSources.migrate(ds);
          migrated = true;
        }
      }
    }
    try (Connection c = ds.getConnection()) {
      return q.run(c);
    } catch (SQLException e) {
      if (PgFaults.isUnreachable(e)) {
        throw new StoreUnreachableException(String.valueOf(PgFaults.sqlState(e)), e);
      }
      throw new StoreException("cannot read the cluster state: " + what, e);
    }
  }

  @Override
  public boolean initialized() {
    return run(
        "initialized",
        c -> PostgresDataSources.selectKeyCheck(c).isPresent() || PostgresDataSources.hasData(c));
  }

  @Override
  public SplitMeta splitMeta() {
    return run(
        "split values",
        c ->
            new SplitMeta(
                SecretTables.selectMeta(c, JdbcBackend.SHARD_COMMITMENTS),
                SecretTables.selectMeta(c, JdbcBackend.KEY_GENERATIONS)));
  }

  @Override
  public boolean claimBootstrap(String token) {
    return run(
        "bootstrap claim",
        c -> {
          // One statement, so concurrent claims through any instance are decided by the row lock.
          // The holder claiming again renews its lease; another run takes an expired one over.
          // Time is the database's clock, so the instances' clocks do not matter.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO bootstrap_claim (id, token) VALUES (1, ?) ON CONFLICT (id) DO UPDATE"
                      + " SET token = EXCLUDED.token, claimed_at = now()"
                      + " WHERE bootstrap_claim.token = EXCLUDED.token"
                      + " OR bootstrap_claim.claimed_at < now() - make_interval(secs => ?)")) {
            ps.setString(1, token);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT token FROM bootstrap_claim WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() && token.equals(rs.getString(1));
          }
        });
  }
}
