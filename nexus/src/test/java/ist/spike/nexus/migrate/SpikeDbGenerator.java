package ist.spike.nexus.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.aead.SpikeSealed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a SPIKE Go Nexus database the way SPIKE's sqlite backend does (spec §6.1 and the
 * put/delete semantics of §2.4): its schema verbatim, AES-256-GCM under the raw root key without
 * AAD, a fresh nonce per secret row, a metadata base nonce XOR per-field salts, and one nonce
 * reused for a policy's three fields (SPIKE's defect, reproduced on purpose). Every store
 * re-encrypts and upserts all versions, as SPIKE does, and pruned versions are never deleted
 * (SPIKE's defect).
 */
public final class SpikeDbGenerator implements AutoCloseable {
  /** go-sqlite3's text form of a time.Time: {@code 2006-01-02 15:04:05.999999999-07:00}. */
  static final DateTimeFormatter GO_SQLITE_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .appendOffset("+HH:MM", "+00:00")
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS policies (name TEXT PRIMARY KEY, nonce BLOB NOT NULL,
        encrypted_spiffe_id_pattern BLOB NOT NULL, encrypted_path_pattern BLOB NOT NULL,
        encrypted_permissions BLOB NOT NULL, created_time INTEGER NOT NULL,
        updated_time INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS secrets (path TEXT NOT NULL, version INTEGER NOT NULL,
        nonce BLOB NOT NULL, encrypted_data BLOB NOT NULL, created_time DATETIME NOT NULL,
        deleted_time DATETIME, PRIMARY KEY (path, version));
      CREATE TABLE IF NOT EXISTS secret_metadata (path TEXT PRIMARY KEY, nonce BLOB NOT NULL,
        encrypted_current_version BLOB NOT NULL, encrypted_oldest_version BLOB NOT NULL,
        encrypted_created_time BLOB NOT NULL, encrypted_updated_time BLOB NOT NULL,
        encrypted_max_versions BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS idx_secrets_path ON secrets(path);
      CREATE INDEX IF NOT EXISTS idx_secrets_created_time ON secrets(created_time);
      """;

  /** SPIKE's in-memory secret (kv.Value). */
  public static final class Secret {
    final TreeMap<Integer, Map<String, String>> data = new TreeMap<>();
    final TreeMap<Integer, Instant> created = new TreeMap<>();
    final TreeMap<Integer, Instant> deleted = new TreeMap<>();
    int current;
    int oldest;
    Instant createdTime;
    Instant updatedTime;
    int maxVersions;
  }

  final Map<String, Secret> secrets = new TreeMap<>();
  private final Connection c;
  private final SpikeCompatCipher cipher;
  private final ObjectMapper json = new ObjectMapper();

  public SpikeDbGenerator(Path file, RootKey key) throws Exception {
    c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      for (String sql : SCHEMA.split(";")) {
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    }
    cipher = SpikeCompatCipher.create(key, new SecureRandom());
  }

  /** SPIKE's put (§2.4), then StoreSecret. */
  public Secret put(String path, Map<String, String> values, Instant now, int maxVersions)
      throws Exception {
    Secret s = secrets.get(path);
    int version;
    if (s == null) {
      s = new Secret();
      s.createdTime = now;
      s.maxVersions = maxVersions;
      secrets.put(path, s);
      version = 1;
      s.oldest = 1;
    } else {
      version = s.current != 0 ? s.current + 1 : s.data.lastKey() + 1;
    }
    s.data.put(version, values);
    s.created.put(version, now);
    s.current = version;
    s.updatedTime = now;
    while (s.data.size() > s.maxVersions) {
      int lowest = s.data.firstKey();
      s.data.remove(lowest);
      s.created.remove(lowest);
      s.deleted.remove(lowest);
      s.oldest = s.data.firstKey();
    }
    store(path, s);
    return s;
  }

  /** SPIKE's soft delete of the listed versions (§2.4), then StoreSecret. */
  void delete(String path, List<Integer> versions, Instant now) throws Exception {
    Secret s = secrets.get(path);
    for (int v : versions) {
      if (s.data.containsKey(v)) {
        s.deleted.put(v, now);
      }
    }
    if (s.deleted.containsKey(s.current)) {
      s.current = 0;
      for (int v : s.data.descendingKeySet()) {
        if (!s.deleted.containsKey(v)) {
          s.current = v;
          break;
        }
      }
      s.updatedTime = now;
    }
    s.oldest = 0;
    for (int v : s.data.keySet()) {
      if (!s.deleted.containsKey(v)) {
        s.oldest = v;
        break;
      }
    }
    store(path, s);
  }

  /** StoreSecret: every version re-encrypted with a fresh nonce, plus the metadata row. */
  private void store(String path, Secret s) throws Exception {
    c.setAutoCommit(false);
    try (PreparedStatement meta =
            c.prepareStatement(
                "INSERT INTO secret_metadata (path, nonce, encrypted_current_version,"
                    + " encrypted_oldest_version, encrypted_created_time, encrypted_updated_time,"
                    + " encrypted_max_versions) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO"
                    + " UPDATE SET nonce = excluded.nonce, encrypted_current_version ="
                    + " excluded.encrypted_current_version, encrypted_oldest_version ="
                    + " excluded.encrypted_oldest_version, encrypted_created_time ="
                    + " excluded.encrypted_created_time, encrypted_updated_time ="
                    + " excluded.encrypted_updated_time, encrypted_max_versions ="
                    + " excluded.encrypted_max_versions");
        PreparedStatement row =
            c.prepareStatement(
                "INSERT INTO secrets (path, version, nonce, encrypted_data, created_time,"
                    + " deleted_time) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path, version) DO"
                    + " UPDATE SET nonce = excluded.nonce, encrypted_data = excluded.encrypted_data,"
                    + " deleted_time = excluded.deleted_time")) {
      byte[] base = new byte[12];
      new SecureRandom().nextBytes(base);
      meta.setString(1, path);
      meta.setBytes(2, base);
      meta.setBytes(3, field(base, SpikeRowDecoder.SALT_CURRENT, s.current));
      meta.setBytes(4, field(base, SpikeRowDecoder.SALT_OLDEST, s.oldest));
      meta.setBytes(5, field(base, SpikeRowDecoder.SALT_CREATED, s.createdTime.getEpochSecond()));
      meta.setBytes(6, field(base, SpikeRowDecoder.SALT_UPDATED, s.updatedTime.getEpochSecond()));
      meta.setBytes(7, field(base, SpikeRowDecoder.SALT_MAX, s.maxVersions));
      meta.executeUpdate();
      for (int v : s.data.keySet()) {
        SpikeSealed sealed = cipher.seal(json.writeValueAsBytes(s.data.get(v)));
        row.setString(1, path);
        row.setInt(2, v);
        row.setBytes(3, sealed.nonce());
        row.setBytes(4, sealed.ciphertext());
        row.setString(5, GO_SQLITE_TIME.format(s.created.get(v)));
        Instant d = s.deleted.get(v);
        row.setString(6, d == null ? null : GO_SQLITE_TIME.format(d));
        row.executeUpdate();
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
  }

  private byte[] field(byte[] base, String salt, long value) throws Exception {
    byte[] nonce = SpikeRowDecoder.salted(base, salt);
    return cipher
        .insecureSealWithNonce(nonce, Long.toString(value).getBytes(StandardCharsets.US_ASCII))
        .ciphertext();
  }

  /** SPIKE's policy upsert: one random nonce for all three fields; times in Unix seconds. */
  public void policy(
      String name, String spiffeId, String path, List<String> permissions, Instant created)
      throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO policies (name, nonce, encrypted_spiffe_id_pattern,"
                + " encrypted_path_pattern, encrypted_permissions, created_time, updated_time)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, name);
      p.setBytes(2, nonce);
      p.setBytes(3, seal(nonce, spiffeId));
      p.setBytes(4, seal(nonce, path));
      p.setBytes(5, seal(nonce, String.join(",", new ArrayList<>(permissions))));
      p.setLong(6, created.getEpochSecond());
      p.setLong(7, created.getEpochSecond());
      p.executeUpdate();
    }
  }

  private byte[] seal(byte[] nonce, String text) throws Exception {
    return cipher.insecureSealWithNonce(nonce, text.getBytes(StandardCharsets.UTF_8)).ciphertext();
  }

  /** Runs raw SQL (to corrupt a row). */
  void sql(String statement) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Override
  public void close() throws Exception {
    cipher.close();
    c.close();
  }
}
