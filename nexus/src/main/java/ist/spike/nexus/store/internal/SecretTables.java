package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.Aad;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SealedKind;
import ist.spike.nexus.store.SealedRow;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import ist.spike.nexus.store.StoreException;
import ist.spike.nexus.store.StoreExport;
import ist.spike.nexus.store.VersionState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL both database backends run on their shared tables ({@code secret_metadata}, {@code
 * secret_versions}, {@code policies}), sealing and opening every encrypted field with associated
 * data bound to its table, row and field (ADR-0041). The statements are the subset of SQL that
 * SQLite and PostgreSQL read alike; locking and transactions are the caller's.
 */
public final class SecretTables {
  /** The {@code nexus_meta} name of the key-check value. */
  public static final String KEY_CHECK = "key_check";

  private final FieldCipher fields;
  private final RecordCodec codec = new RecordCodec();

  /**
   * Creates the table access for one store.
   *
   * @param fields the store's field cipher; not owned
   */
  public SecretTables(FieldCipher fields) {
    this.fields = requireNonNull(fields, "fields");
  }

  /** Loads and opens a secret's index; empty if the path was never written. */
  public Optional<SecretIndex> selectIndex(Connection c, String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT encrypted_index FROM secret_metadata WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[] plain =
            fields.open(rs.getBytes(1), indexAad(path), "secret_metadata for path " + path);
        return Optional.of(codec.decodeIndex(path, plain));
      }
    }
  }

  /** Loads and opens one version's values; empty if that version is not stored. */
  public Optional<SecretValues> selectValues(Connection c, String path, int version)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT encrypted_values FROM secret_versions WHERE path = ? AND version = ?")) {
      ps.setString(1, path);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[] plain =
            fields.open(
                rs.getBytes(1),
                valuesAad(path, version),
                "secret_versions for path " + path + " version " + version);
        return Optional.of(codec.decodeValues(plain));
      }
    }
  }

  /** Lists every secret path in ascending byte order. */
  public List<String> selectPaths(Connection c) throws SQLException {
    List<String> paths = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT path FROM secret_metadata ORDER BY path");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        paths.add(rs.getString(1));
      }
    }
    return List.copyOf(paths);
  }

  /**
   * Lists paths that start with {@code prefix} and sort after {@code after}, ascending, at most
   * {@code limit}. Both tables compare paths bytewise (SQLite's BINARY, PostgreSQL's "C").
   */
  public List<String> selectPaths(Connection c, String prefix, String after, int limit)
      throws SQLException {
    List<String> paths = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT path FROM secret_metadata WHERE path >= ? AND path > ?"
                + " AND substr(path, 1, ?) = ? ORDER BY path LIMIT ?")) {
      ps.setString(1, prefix);
      ps.setString(2, after);
      ps.setInt(3, prefix.length());
      ps.setString(4, prefix);
      ps.setInt(5, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          paths.add(rs.getString(1));
        }
      }
    }
    return List.copyOf(paths);
  }

  /** Loads and opens a policy; empty if none has this name. */
  public Optional<PolicyRecord> selectPolicy(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT encrypted_policy FROM policies WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(decodePolicy(name, rs.getBytes(1)));
      }
    }
  }

  /** Loads and opens every policy, ordered by name. */
  public List<PolicyRecord> selectAllPolicies(Connection c) throws SQLException {
    List<PolicyRecord> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT name, encrypted_policy FROM policies ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(decodePolicy(rs.getString(1), rs.getBytes(2)));
      }
    }
    return List.copyOf(out);
  }

  private PolicyRecord decodePolicy(String name, byte[] stored) {
    byte[] plain = fields.open(stored, policyAad(name), "policies for name " + name);
    return codec.decodePolicy(name, plain);
  }

  /**
   * Stores a computed change of one secret: the added version's values, the removal of versions the
   * new index no longer holds, and the new index.
   *
   * @param c the writer connection, inside the caller's transaction
   * @param path the secret path
   * @param current the index the change was computed from
   * @param change the change; one without a new index stores nothing
   */
  public void writeChange(
      Connection c, String path, Optional<SecretIndex> current, SecretChange<?> change)
      throws SQLException {
    if (change.newIndex().isEmpty()) {
      return;
    }
    SecretIndex next = change.newIndex().get();
    if (change.added().isPresent()) {
      NewVersion added = change.added().get();
      upsertValues(c, path, added.version(), added.values());
    }
    if (current.isPresent()) {
      for (VersionState old : current.get().versions().values()) {
        VersionState now = next.versions().get(old.version());
        if (now == null || (now.destroyed() && !old.destroyed())) {
          deleteValues(c, path, old.version());
        }
      }
    }
    upsertIndex(c, next);
  }

  /** Stores (or replaces) one version's values. */
  public void upsertValues(Connection c, String path, int version, SecretValues values)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO secret_versions (path, version, encrypted_values) VALUES (?, ?, ?)"
                + " ON CONFLICT (path, version)"
                + " DO UPDATE SET encrypted_values = excluded.encrypted_values")) {
      ps.setString(1, path);
      ps.setInt(2, version);
      ps.setBytes(3, fields.seal(codec.encodeValues(values), valuesAad(path, version)));
      ps.executeUpdate();
    }
  }

  private static void deleteValues(Connection c, String path, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM secret_versions WHERE path = ? AND version = ?")) {
      ps.setString(1, path);
      ps.setInt(2, version);
      ps.executeUpdate();
    }
  }

  /** Stores (or replaces) a secret's index. */
  public void upsertIndex(Connection c, SecretIndex index) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO secret_metadata (path, encrypted_index) VALUES (?, ?)"
                + " ON CONFLICT (path) DO UPDATE SET encrypted_index = excluded.encrypted_index")) {
      ps.setString(1, index.path());
      ps.setBytes(2, fields.seal(codec.encodeIndex(index), indexAad(index.path())));
      ps.executeUpdate();
    }
  }

  /** Stores (or replaces) a policy. */
  public void upsertPolicy(Connection c, PolicyRecord policy) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO policies (name, encrypted_policy) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET encrypted_policy = excluded.encrypted_policy")) {
      ps.setString(1, policy.name());
      ps.setBytes(2, fields.seal(codec.encodePolicy(policy), policyAad(policy.name())));
      ps.executeUpdate();
    }
  }

  /** Deletes a policy; returns true if it existed. */
  public boolean deletePolicy(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM policies WHERE name = ?")) {
      ps.setString(1, name);
      return ps.executeUpdate() > 0;
    }
  }

  // ---- snapshots ----------------------------------------------------------------------------

  /** Reads the stored key-check value; empty if none was stored. */
  public static Optional<byte[]> selectKeyCheck(Connection c) throws SQLException {
    return selectMeta(c, KEY_CHECK);
  }

  /**
   * Reads one value of the store's own metadata ({@code nexus_meta}: the key-check value, the
   * split's commitments); empty if none was stored.
   */
  public static Optional<byte[]> selectMeta(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT value FROM nexus_meta WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }

  /**
   * Writes one value of the store's own metadata, replacing an earlier one (the upsert is the same
   * in SQLite and PostgreSQL).
   *
   * @return the number of rows written (1)
   */
  public static int upsertMeta(Connection c, String name, byte[] value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO nexus_meta (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
      ps.setString(1, name);
      ps.setBytes(2, value);
      return ps.executeUpdate();
    }
  }

  /**
   * Reads the key-check value and every sealed row in the caller's consistent read transaction.
   *
   * @param startedAt when the transaction was started, before its first read
   * @throws StoreException if no key-check value is stored
   */
  public StoreExport export(Connection c, Instant startedAt) throws SQLException {
    byte[] keyCheck =
        selectKeyCheck(c).orElseThrow(() -> new StoreException("no key-check value is stored yet"));
    return new StoreExport(startedAt, keyCheck, selectSealedRows(c));
  }

  /**
   * Reads every sealed row without opening it, in the caller's (consistent) transaction.
   *
   * @return the indexes by path, then the values by path and version, then the policies by name
   */
  public List<SealedRow> selectSealedRows(Connection c) throws SQLException {
    List<SealedRow> rows = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT path, encrypted_index FROM secret_metadata ORDER BY path");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new SealedRow.Index(rs.getString(1), rs.getBytes(2)));
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT path, version, encrypted_values FROM secret_versions"
                    + " ORDER BY path, version");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new SealedRow.Values(rs.getString(1), rs.getInt(2), rs.getBytes(3)));
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT name, encrypted_policy FROM policies ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new SealedRow.Policy(rs.getString(1), rs.getBytes(2)));
      }
    }
    return rows;
  }

  /**
   * Verifies sealed rows and writes them into an empty store, in the caller's transaction (which
   * must be rolled back if this throws). Every row is opened at its own place and decoded first;
   * then the indexes and values rows must match one to one (no version without its values, no
   * values without a version); only then is anything written.
   *
   * @throws IntegrityException naming the first row that does not verify
   * @throws IllegalStateException if the store holds secrets or policies
   */
  public void insertSealedRows(Connection c, List<SealedRow> rows) throws SQLException {
    if (holdsData(c)) {
      throw new IllegalStateException(
          "the store already holds secrets or policies; restore only into an empty store");
    }
    Map<String, SecretIndex> indexes = new HashMap<>();
    Set<String> values = new HashSet<>();
    Set<String> policies = new HashSet<>();
    for (SealedRow row : rows) {
      switch (row) {
        case SealedRow.Index i -> {
          byte[] plain =
              fields.open(i.sealed(), indexAad(i.path()), "secret_metadata for path " + i.path());
          if (indexes.put(i.path(), codec.decodeIndex(i.path(), plain)) != null) {
            throw new IntegrityException("secret_metadata for path " + i.path() + " appears twice");
          }
        }
        case SealedRow.Values v -> {
          String where = "secret_versions for path " + v.path() + " version " + v.version();
          codec.decodeValues(fields.open(v.sealed(), valuesAad(v.path(), v.version()), where));
          if (!values.add(v.path() + "\u0000" + v.version())) {
            throw new IntegrityException(where + " appears twice");
          }
        }
        case SealedRow.Policy p -> {
          byte[] plain =
              fields.open(p.sealed(), policyAad(p.name()), "policies for name " + p.name());
          codec.decodePolicy(p.name(), plain);
          if (!policies.add(p.name())) {
            throw new IntegrityException("policies for name " + p.name() + " appears twice");
          }
        }
      }
    }
    Set<String> expected = new HashSet<>();
    for (SecretIndex index : indexes.values()) {
      for (VersionState v : index.versions().values()) {
        if (!v.destroyed()) {
          String key = index.path() + "\u0000" + v.version();
          expected.add(key);
          if (!values.contains(key)) {
            throw new IntegrityException(
                "secret_versions for path "
                    + index.path()
                    + " version "
                    + v.version()
                    + " is missing");
          }
        }
      }
    }
    for (String key : values) {
      if (!expected.contains(key)) {
        throw new IntegrityException(
            "secret_versions for path "
                + key.replace("\u0000", " version ")
                + " belongs to no stored version");
      }
    }
    for (SealedRow row : rows) {
      switch (row) {
        case SealedRow.Index i ->
            insert(
                c,
                "INSERT INTO secret_metadata (path, encrypted_index) VALUES (?, ?)",
                i.path(),
                null,
                i.sealed());
        case SealedRow.Values v ->
            insert(
                c,
                "INSERT INTO secret_versions (path, version, encrypted_values) VALUES (?, ?, ?)",
                v.path(),
                v.version(),
                v.sealed());
        case SealedRow.Policy p ->
            insert(
                c,
                "INSERT INTO policies (name, encrypted_policy) VALUES (?, ?)",
                p.name(),
                null,
                p.sealed());
      }
    }
  }

  private static void insert(Connection c, String sql, String key, Integer version, byte[] sealed)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, key);
      if (version != null) {
        ps.setInt(i++, version);
      }
      ps.setBytes(i, sealed);
      ps.executeUpdate();
    }
  }

  private static boolean holdsData(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM secret_metadata) + (SELECT COUNT(*) FROM policies)"
                    + " + (SELECT COUNT(*) FROM secret_versions)");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  // ---- rotation ------------------------------------------------------------------------------

  /**
   * A sealed row found under a key other than the current one.
   *
   * @param kind its kind
   * @param keys its key column values, in {@link SealedKind#keyColumns()} order
   * @param sealed the stored ciphertext
   */
  public record StaleRow(SealedKind kind, List<Object> keys, byte[] sealed) {
    @Override
    public String toString() {
      return "StaleRow[" + kind + ", " + keys + "]";
    }
  }

  /**
   * Counts the rows of a kind that hold a sealed value, under any key.
   *
   * @param c the connection to read with
   * @param kind the kind of row
   * @return the number of such rows
   * @throws SQLException if the query fails
   */
  public long countSealed(Connection c, SealedKind kind) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM "
                    + kind.table()
                    + " WHERE "
                    + kind.column()
                    + " IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Reads up to {@code limit} rows of a kind that are not sealed under the current storage key
   * (only the public header of each field is read).
   */
  public List<StaleRow> selectStale(Connection c, SealedKind kind, int limit) throws SQLException {
    String keys = String.join(", ", kind.keyColumns());
    List<StaleRow> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + keys
                    + ", "
                    + kind.column()
                    + " FROM "
                    + kind.table()
                    + " ORDER BY "
                    + keys);
        ResultSet rs = ps.executeQuery()) {
      int n = kind.keyColumns().size();
      while (out.size() < limit && rs.next()) {
        byte[] sealed = rs.getBytes(n + 1);
        if (sealed != null && !fields.sealedUnderCurrentKey(sealed)) {
          List<Object> values = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            values.add(rs.getObject(i));
          }
          out.add(new StaleRow(kind, List.copyOf(values), sealed));
        }
      }
    }
    return out;
  }

  /**
   * Re-seals one row under the current storage key, only if it still holds the ciphertext that was
   * read (a writer that replaced or deleted it meanwhile sealed under the current key already).
   *
   * @return 1 if rewritten, 0 if the row had changed
   * @throws IntegrityException if the stored field does not open
   */
  public int reseal(Connection c, StaleRow row) throws SQLException {
    SealedKind kind = row.kind();
    Aad aad = FieldCipher.aad(kind.table(), kind.rowLabel(row.keys()), kind.column());
    byte[] plain =
        fields.open(row.sealed(), aad, kind.table() + " row " + kind.rowLabel(row.keys()));
    byte[] fresh;
    try {
      fresh = fields.seal(plain, aad);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    StringBuilder where = new StringBuilder();
    for (String k : kind.keyColumns()) {
      where.append(k).append(" = ? AND ");
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + kind.table()
                + " SET "
                + kind.column()
                + " = ? WHERE "
                + where
                + kind.column()
                + " = ?")) {
      int i = 1;
      ps.setBytes(i++, fresh);
      for (Object v : row.keys()) {
        ps.setObject(i++, v);
      }
      ps.setBytes(i, row.sealed());
      return ps.executeUpdate();
    }
  }

  private static Aad indexAad(String path) {
    return FieldCipher.aad("secret_metadata", "path=" + path, "encrypted_index");
  }

  private static Aad valuesAad(String path, int version) {
    return FieldCipher.aad(
        "secret_versions", "path=" + path + "\u0000version=" + version, "encrypted_values");
  }

  private static Aad policyAad(String name) {
    return FieldCipher.aad("policies", "name=" + name, "encrypted_policy");
  }
}
