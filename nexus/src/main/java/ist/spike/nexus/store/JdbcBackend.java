package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.nexus.store.internal.FieldCipher;
import ist.spike.nexus.store.internal.GroupCommitWriter;
import ist.spike.nexus.store.internal.SecretTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the SQL backends share: the tables ({@link SecretTables}), the sealed fields, the reads and
 * writes of secrets, policies, sealed rows and {@code nexus_meta} values. A subclass supplies how a
 * read gets a connection, how a write reaches its group-commit writer, and the hooks a shared
 * database needs inside a write transaction (PostgreSQL: a row lock across instances and a change
 * notice for policies).
 */
abstract class JdbcBackend implements Backend {
  static final String KEY_CHECK = "key_check";
  static final String SHARD_COMMITMENTS = "shard_commitments";
  static final String KEY_GENERATIONS = "key_generations";

  /** The sealed fields' cipher; closed by {@link #closeCiphers()}. */
  protected final FieldCipher fields;

  /** SPIKE's cipher for the cipher routes; closed by {@link #closeCiphers()}. */
  protected final SpikeCompatCipher cipher;

  /** The shared table SQL. */
  protected final SecretTables tables;

  /** Set once by {@link #close()}; reads refuse after it. */
  protected volatile boolean closed;

  JdbcBackend(FieldCipher fields, SpikeCompatCipher cipher) {
    this.fields = fields;
    this.cipher = cipher;
    this.tables = new SecretTables(fields);
  }

  /** One read on a connection of the backend's choosing. */
  @FunctionalInterface
  protected interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs a read, mapping its failure to a {@link StoreException} that names {@code what}. */
  protected abstract <T> T read(String what, Read<T> read);

  /** Runs a write in the backend's group-commit writer and returns its result once committed. */
  protected abstract <T> T write(GroupCommitWriter.Work<T> work);

  /**
   * Inside a write transaction, before the row of {@code kind}/{@code key} is read for update:
   * serialise with writers elsewhere if the database is shared. Nothing by default.
   */
  protected void lockRow(Connection c, String kind, String key) throws SQLException {}

  /** Inside a write transaction that changed policies: tell other instances. Nothing by default. */
  protected void policiesChanged(Connection c) throws SQLException {}

  /**
   * Inside a write transaction that changed the key-generations record: tell other instances, so
   * that they follow a rotation (ADR-0165). Nothing by default.
   */
  protected void keyGenerationsChanged(Connection c) throws SQLException {}

  @Override
  public boolean storesData() {
    return true;
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
  public void importSealed(List<SealedRow> rows) {
    requireNonNull(rows, "rows");
    write(
        c -> {
          lockRow(c, "snapshot", "restore");
          tables.insertSealedRows(c, rows);
          policiesChanged(c);
          return null;
        });
  }

  @Override
  public <T> T updateSecret(String path, SecretUpdate<T> update) {
    requireNonNull(path, "path");
    requireNonNull(update, "update");
    return write(
        c -> {
          lockRow(c, "secret", path);
          Optional<SecretIndex> current = tables.selectIndex(c, path);
          SecretChange<T> change = update.apply(current);
          tables.writeChange(c, path, current, change);
          return change.result();
        });
  }

  @Override
  public PolicyRecord upsertPolicy(
      String name, Function<Optional<PolicyRecord>, PolicyRecord> update) {
    requireNonNull(name, "name");
    requireNonNull(update, "update");
    return write(
        c -> {
          lockRow(c, "policy", name);
          PolicyRecord next = update.apply(tables.selectPolicy(c, name));
          if (!next.name().equals(name)) {
            throw new IllegalArgumentException("policy name must not change on upsert");
          }
          tables.upsertPolicy(c, next);
          policiesChanged(c);
          return next;
        });
  }

  @Override
  public boolean deletePolicy(String name) {
    requireNonNull(name, "name");
    return write(
        c -> {
          lockRow(c, "policy", name);
          boolean existed = tables.deletePolicy(c, name);
          if (existed) {
            policiesChanged(c);
          }
          return existed;
        });
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
    write(
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
    write(c -> SecretTables.upsertMeta(c, KEY_CHECK, copy));
  }

  @Override
  public Optional<byte[]> loadKeyGenerations() {
    return read("key generations", c -> SecretTables.selectMeta(c, KEY_GENERATIONS));
  }

  @Override
  public void storeKeyGenerations(byte[] generations, byte[] keyCheck) {
    byte[] g = requireNonNull(generations, "generations").clone();
    byte[] k = requireNonNull(keyCheck, "keyCheck").clone();
    write(
        c -> {
          int n =
              SecretTables.upsertMeta(c, KEY_GENERATIONS, g)
                  + SecretTables.upsertMeta(c, KEY_CHECK, k);
          keyGenerationsChanged(c);
          return n;
        });
  }

  @Override
  public boolean replaceKeyGenerations(
      Optional<byte[]> expected, byte[] generations, byte[] keyCheck) {
    requireNonNull(expected, "expected");
    byte[] g = requireNonNull(generations, "generations").clone();
    byte[] k = requireNonNull(keyCheck, "keyCheck").clone();
    Optional<byte[]> e = expected.map(byte[]::clone);
    return write(
        c -> {
          lockRow(c, "meta", KEY_GENERATIONS);
          Optional<byte[]> now = SecretTables.selectMeta(c, KEY_GENERATIONS);
          boolean same =
              now.isPresent() == e.isPresent()
                  && (now.isEmpty() || java.util.Arrays.equals(now.get(), e.get()));
          if (!same) {
            return false;
          }
          SecretTables.upsertMeta(c, KEY_GENERATIONS, g);
          SecretTables.upsertMeta(c, KEY_CHECK, k);
          keyGenerationsChanged(c);
          return true;
        });
  }

  @Override
  public Optional<byte[]> loadShardCommitments() {
    return read("shard commitments", c -> SecretTables.selectMeta(c, SHARD_COMMITMENTS));
  }

  @Override
  public void storeShardCommitments(byte[] commitments) {
    byte[] copy = requireNonNull(commitments, "commitments").clone();
    write(c -> SecretTables.upsertMeta(c, SHARD_COMMITMENTS, copy));
  }

  @Override
  public SpikeCompatCipher cipher() {
    return cipher;
  }

  /** Wipes the key material of both ciphers; the last step of a subclass's {@link #close()}. */
  protected final void closeCiphers() {
    fields.close();
    cipher.close();
  }
}
