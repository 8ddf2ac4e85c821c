package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.internal.FieldCipher;
import ist.spike.nexus.store.internal.PgChangeListener;
import ist.spike.nexus.store.internal.PgFaults;
import ist.spike.nexus.store.internal.PgGroupCommitWriter;
import ist.spike.nexus.store.internal.SecretTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
final class PostgresBackend implements Backend {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBackend.class);
  static final String KEY_CHECK = "key_check";
  static final String SHARD_COMMITMENTS = "shard_commitments";
  static final String KEY_GENERATIONS = "key_generations";
  static final String POLICY_CHANNEL = "spike_policies";

  private final String url;
  private final HikariDataSource pool;
  private final FieldCipher fields;
  private final SpikeCompatCipher cipher;
  private final SecretTables tables;
  private final PgGroupCommitWriter writer;
  private final PgChangeListener policyChanges;
  private volatile boolean closed;

  private PostgresBackend(
      String url,
      HikariDataSource pool,
      DataSource raw,
      FieldCipher fields,
      SpikeCompatCipher cipher,
      int maxBatch,
      IntConsumer committedBatches) {
    this.url = url;
    this.pool = pool;
    this.fields = fields;
    this.tables = new SecretTables(fields);
    this.cipher = cipher;
    this.writer = new PgGroupCommitWriter(pool, maxBatch, "nexus-pg-writer", committedBatches);
    this.policyChanges = new PgChangeListener(raw, POLICY_CHANNEL);
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

  @Override
  public boolean storesData() {
    return true;
  }

  // ---- reads --------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, Read<T> read) {
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
  public Optional<SecretIndex> loadSecretIndex(String path) {
    requireNonNull(path, "path");
    return read("secret index", c -> tables.selectIndex(c, path));
  }

  @Override
  public Optional<SecretValues> loadSecretValues(String path, int version) {
    requireNonNull(path, "path");
    return read("secret values", c -> tables.selectValues(c, path, version));
  }

  @Override
  public List<String> listSecretPaths() {
    return read("secret paths", tables::selectPaths);
  }

  @Override
  public List<String> listSecretPaths(String prefix, String after, int limit) {
    requireNonNull(prefix, "prefix");
    requireNonNull(after, "after");
    return read("secret paths", c -> tables.selectPaths(c, prefix, after, limit));
  }

  @Override
  public Optional<PolicyRecord> loadPolicy(String name) {
    requireNonNull(name, "name");
    return read("policy", c -> tables.selectPolicy(c, name));
  }

  @Override
  public List<PolicyRecord> loadAllPolicies() {
    return read("policies", tables::selectAllPolicies);
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

  @Override
  public void importSealed(List<SealedRow> rows) {
    requireNonNull(rows, "rows");
    writer.execute(
        c -> {
          lockRow(c, "snapshot", "restore");
          tables.insertSealedRows(c, rows);
          notifyPolicies(c);
          return null;
        });
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Serialises writers of one row across every instance until the transaction ends. */
  private static void lockRow(Connection c, String kind, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, kind + ":" + id);
      ps.execute();
    }
  }

  @Override
  public <T> T updateSecret(String path, SecretUpdate<T> update) {
    requireNonNull(path, "path");
    requireNonNull(update, "update");
    return writer.execute(
        c -> {
          lockRow(c, "secret", path);
          Optional<SecretIndex> current = tables.selectIndex(c, path);
          SecretChange<T> change = update.apply(current);
          tables.writeChange(c, path, current, change);
          return change.result();
        });
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

  @Override
  public PolicyRecord upsertPolicy(
      String name, Function<Optional<PolicyRecord>, PolicyRecord> update) {
    requireNonNull(name, "name");
    requireNonNull(update, "update");
    return writer.execute(
        c -> {
          lockRow(c, "policy", name);
          PolicyRecord next = update.apply(tables.selectPolicy(c, name));
          if (!next.name().equals(name)) {
            throw new IllegalArgumentException("policy name must not change on upsert");
          }
          tables.upsertPolicy(c, next);
          notifyPolicies(c);
          return next;
        });
  }

  @Override
  public boolean deletePolicy(String name) {
    requireNonNull(name, "name");
    return writer.execute(
        c -> {
          lockRow(c, "policy", name);
          boolean existed = tables.deletePolicy(c, name);
          if (existed) {
            notifyPolicies(c);
          }
          return existed;
        });
  }

  /** Delivered to every listening instance when (and only if) the transaction commits. */
  private static void notifyPolicies(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      ps.setString(1, POLICY_CHANNEL);
      ps.execute();
    }
  }

  @Override
  public long countSealed(SealedKind kind) {
    requireNonNull(kind, "kind");
    return read("sealed rows", c -> tables.countSealed(c, kind));
  }

  @Override
  public int resealStale(SealedKind kind, int limit) {
    requireNonNull(kind, "kind");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    List<SecretTables.StaleRow> stale = read("stale rows", c -> tables.selectStale(c, kind, limit));
    if (stale.isEmpty()) {
      return 0;
    }
    writer.execute(
        c -> {
          int written = 0;
          for (SecretTables.StaleRow row : stale) {
            written += tables.reseal(c, row);
          }
          return written;
        });
    return stale.size();
  }

  @Override
  public void storeKeyCheck(byte[] keyCheck) {
    byte[] copy = requireNonNull(keyCheck, "keyCheck").clone();
    writer.execute(c -> SecretTables.upsertMeta(c, KEY_CHECK, copy));
  }

  @Override
  public Optional<byte[]> loadKeyGenerations() {
    return read("key generations", c -> SecretTables.selectMeta(c, KEY_GENERATIONS));
  }

  @Override
  public void storeKeyGenerations(byte[] generations, byte[] keyCheck) {
    byte[] g = requireNonNull(generations, "generations").clone();
    byte[] k = requireNonNull(keyCheck, "keyCheck").clone();
    writer.execute(
        c ->
            SecretTables.upsertMeta(c, KEY_GENERATIONS, g)
                + SecretTables.upsertMeta(c, KEY_CHECK, k));
  }

  @Override
  public Optional<byte[]> loadShardCommitments() {
    return read("shard commitments", c -> SecretTables.selectMeta(c, SHARD_COMMITMENTS));
  }

  @Override
  public void storeShardCommitments(byte[] commitments) {
    byte[] copy = requireNonNull(commitments, "commitments").clone();
    writer.execute(c -> SecretTables.upsertMeta(c, SHARD_COMMITMENTS, copy));
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

  @Override
  public SpikeCompatCipher cipher() {
    return cipher;
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
    fields.close();
    cipher.close();
  }

  @Override
  public String toString() {
    return "PostgresBackend[" + url + "]";
  }
}
