package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.aead.Aad;
import ist.spike.nexus.store.NewVersion;
import ist.spike.nexus.store.PolicyRecord;
import ist.spike.nexus.store.SecretChange;
import ist.spike.nexus.store.SecretIndex;
import ist.spike.nexus.store.SecretValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL both database backends run on their shared tables ({@code secret_metadata}, {@code
 * secret_versions}, {@code policies}), sealing and opening every encrypted field with associated
 * data bound to its table, row and field (ADR-0041). The statements are the subset of SQL that
 * SQLite and PostgreSQL read alike; locking and transactions are the caller's.
 */
public final class SecretTables {
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
      for (Integer gone : current.get().versions().keySet()) {
        if (!next.versions().containsKey(gone)) {
          deleteValues(c, path, gone);
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
