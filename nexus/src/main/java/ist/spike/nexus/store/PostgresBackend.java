package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.internal.FieldCipher;
import ist.spike.nexus.store.internal.GroupCommitWriter;
import ist.spike.nexus.store.internal.PgChangeListener;
import ist.spike.nexus.store.internal.PgFaults;
import ist.spike.nexus.store.internal.PgGroupCommitWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypted storage in a PostgreSQL database shared by several active Nexus instances (ADR-0090).
 *
 * <p>The tables, sealed fields and associated data are SQLite's ({@link SqliteBackend}), so a row
 * copied between the two still opens only at its own place. Writes go through group commit; each
 * read-modify-write of a secret or policy first takes a transaction-scoped advisory lock on its
 * path or name, so writers in every instance are serialised per row and see the latest committed
 * state (read committed). Policy writes announce themselves on a {@code NOTIFY} channel that every
 * instance listens to ({@link #policyGeneration()}).
 */
final class PostgresBackend extends JdbcBackend {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBackend.class);
  static final String POLICY_CHANNEL = "spike_policies";

  private final String url;
  private final HikariDataSource pool;
  private final PgGroupCommitWriter writer;
  private final PgChangeListener policyChanges;
  private final DataSource raw;

  private PostgresBackend(
      String url,
      HikariDataSource pool,
      DataSource raw,
      FieldCipher fields,
      SpikeCompatCipher cipher,
      int maxBatch,
      IntConsumer committedBatches) {
    super(fields, cipher);
    this.url = url;
    this.pool = pool;
    this.writer = new PgGroupCommitWriter(pool, maxBatch, "nexus-pg-writer", committedBatches);
    this.policyChanges = new PgChangeListener(raw, POLICY_CHANNEL);
    this.raw = raw;
  }

  static PostgresBackend open(
      BackendConfig config,
      FieldCipher fields,
      SpikeCompatCipher cipher,
      IntConsumer committedBatches) {
    PostgresConfig pg = config.postgres().orElseThrow();
    DataSource raw = PostgresDataSources.unpooled(pg);
    HikariDataSource pool = PostgresDataSources.pooled(pg, raw);
    try {
      String version = PostgresDataSources.migrate(pool);
      PostgresBackend backend =
          new PostgresBackend(
              pg.jdbcUrl(), pool, raw, fields, cipher, config.maxBatch(), committedBatches);
      LOG.info(
          "opened PostgreSQL store {} (schema {}, pool {}, storage key {})",
          pg.jdbcUrl(),
          version,
          pg.poolSize(),
          fields.keyIdHex());
      return backend;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  @Override
  public BackendKind kind() {
    return BackendKind.POSTGRES;
  }

  // ---- reads --------------------------------------------------------------------------------

  @Override
  protected <T> T write(GroupCommitWriter.Work<T> work) {
    return writer.execute(work);
  }

  @Override
  protected <T> T read(String what, Read<T> read) {
    if (closed) {
      throw new StoreException("the database is closed");
    }
    try (Connection c = pool.getConnection()) {
      return read.run(c);
    } catch (SQLException e) {
      if (PgFaults.isUnreachable(e)) {
        throw new StoreUnreachableException(String.valueOf(PgFaults.sqlState(e)), e);
      }
      throw new StoreException("database read failed: " + what, e);
    }
  }

  @Override
  public long policyGeneration() {
    return policyChanges.generation();
  }

  @Override
  public Optional<byte[]> loadKeyCheck() {
    return read("key check", c -> PostgresDataSources.selectKeyCheck(c));
  }

  @Override
  public boolean hasData() {
    return read("has data", PostgresDataSources::hasData);
  }

  @Override
  public StoreExport exportSealed(Clock clock) {
    return read(
        "snapshot",
        c -> {
          c.setAutoCommit(false);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(true);
          try {
            Instant startedAt = clock.instant();
            // the first statement fixes the transaction's snapshot, after startedAt
            StoreExport export = tables.export(c, startedAt);
            c.commit();
            return export;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          }
        });
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Serialises writers of one row across every instance until the transaction ends. */
  @Override
  protected void lockRow(Connection c, String kind, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, kind + ":" + id);
      ps.execute();
    }
  }

  /**
   * Writes a secret with all its stored versions at once (migration from SQLite); the path must not
   * exist yet.
   */
  void importSecret(SecretIndex index, java.util.Map<Integer, SecretValues> values) {
    requireNonNull(index, "index");
    if (!values.keySet().equals(index.versions().keySet())) {
      throw new IllegalArgumentException("values must cover exactly the index's versions");
    }
    String path = index.path();
    writer.execute(
        c -> {
          lockRow(c, "secret", path);
          if (tables.selectIndex(c, path).isPresent()) {
            throw new IllegalStateException(path + " exists already in the PostgreSQL store");
          }
          for (java.util.Map.Entry<Integer, SecretValues> e : values.entrySet()) {
            tables.upsertValues(c, path, e.getKey(), e.getValue());
          }
          tables.upsertIndex(c, index);
          return null;
        });
  }

  /** Delivered to every listening instance when (and only if) the transaction commits. */
  @Override
  protected void policiesChanged(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      ps.setString(1, POLICY_CHANNEL);
      ps.execute();
    }
  }

  /**
   * On the policy channel, which every instance already listens to: a rotation changes the record a
   * few times per run, and the extra policy-cache reload it causes is cheap (ADR-0165).
   */
  @Override
  protected void keyGenerationsChanged(Connection c) throws SQLException {
    policiesChanged(c);
  }

  @Override
  public byte[] claimKeyCheck(byte[] keyCheck) {
    byte[] copy = requireNonNull(keyCheck, "keyCheck").clone();
    return writer.execute(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO nexus_meta (name, value) VALUES (?, ?)"
                      + " ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, KEY_CHECK);
            ps.setBytes(2, copy);
            ps.executeUpdate();
          }
          return PostgresDataSources.selectKeyCheck(c).orElseThrow();
        });
  }

  /**
   * Takes a session-level advisory lock on a connection of its own, outside the pool, and keeps
   * that connection open until the lock is closed: the database releases the lock when the holder
   * closes it or its session ends, so an instance that dies never blocks the others (ADR-0164). The
   * connection's {@code application_name} says which run holds it, for the refusal shown to the
   * others.
   */
  @Override
  public KeyRunLock tryLockKeyRuns(String run) throws KeyRunHeldException {
    requireNonNull(run, "run");
    Connection c = null;
    try {
      c = raw.getConnection();
      c.setAutoCommit(true);
      try (PreparedStatement ps =
          c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
        ps.setString(1, KeyRunHolder.applicationName(run));
        ps.execute();
      }
      boolean got;
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
        ps.setInt(1, KeyRunHolder.LOCK_CLASS);
        ps.setInt(2, KeyRunHolder.LOCK_ID);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          got = rs.next() && rs.getBoolean(1);
        }
      }
      if (!got) {
        String holder = KeyRunHolder.describe(c);
        c.close();
        throw new KeyRunHeldException(holder);
      }
      Connection held = c;
      LOG.info("holding the key-run lock for the {}", run);
      return () -> {
        try {
          held.close();
        } catch (SQLException e) {
          LOG.warn(
              "closing the key-run lock connection failed ({}); the database drops the lock"
                  + " with the session",
              e.getMessage());
        }
      };
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // the original failure is the one to report
        }
      }
      if (PgFaults.isUnreachable(e)) {
        throw new StoreUnreachableException(String.valueOf(PgFaults.sqlState(e)), e);
      }
      throw new StoreException("cannot take the key-run lock", e);
    }
  }

  /** Returns {commits, writes, retries} of the writer so far, for tests and diagnostics. */
  long[] writerStats() {
    return new long[] {writer.commitCount(), writer.writeCount(), writer.retryCount()};
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    policyChanges.close();
    pool.close();
    closeCiphers();
  }

  @Override
  public String toString() {
    return "PostgresBackend[" + url + "]";
  }
}
