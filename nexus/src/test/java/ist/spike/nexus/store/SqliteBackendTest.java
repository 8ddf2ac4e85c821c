package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class SqliteBackendTest extends BackendContractTest {
  @Override
  BackendKind kind() {
    return BackendKind.SQLITE;
  }

  private Path dbFile() {
    return dir.resolve("nexus").resolve("spike.db");
  }

  private Connection raw() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
  }

  @Test
  void open_createsPrivateDirAndFile_andRecordsSchemaVersion() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("nexus"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dbFile())))
        .isEqualTo("rw-------");
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void open_walAndSynchronousFull_byDefault() throws Exception {
    backend.close();
    try (Connection c = raw();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
    backend = open(rootKey);
    // synchronous is per connection: check through the backend's own configuration
    assertThat(BackendConfig.fromEnvironment(Map.of()).synchronous())
        .isEqualTo(SqliteSynchronous.FULL);
  }

  @Test
  void reopen_sameKey_threeVersionsSurvive() {
    putN("p", 3);
    backend.close();
    backend = open(rootKey);
    secrets = secrets(backend, 3);
    assertThat(secrets.metadata("p", 0).versions().keySet()).containsExactly(1, 2, 3);
    assertThat(value("p", 1)).isEqualTo("v1");
    assertThat(value("p", 3)).isEqualTo("v3");
  }

  @Test
  void reopen_wrongKey_readFailsWithIntegrityError() {
    putN("p", 1);
    backend.close();
    try (RootKey other = RootKey.generate(new SecureRandom())) {
      backend = open(other);
      assertThatThrownBy(() -> backend.loadSecretIndex("p"))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("written under storage key");
    }
  }

  @Test
  void tamper_flipByteOfValuesCiphertext_readFailsNeverWrongData() throws Exception {
    putN("p", 1);
    try (Connection c = raw()) {
      byte[] blob;
      try (ResultSet rs =
          c.createStatement()
              .executeQuery("SELECT encrypted_values FROM secret_versions WHERE path='p'")) {
        blob = rs.getBytes(1);
      }
      blob[blob.length - 20] ^= 0x01;
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE secret_versions SET encrypted_values = ? WHERE path='p'")) {
        ps.setBytes(1, blob);
        ps.executeUpdate();
      }
    }
    assertThatThrownBy(() -> secrets.get("p", 0))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("integrity check failed for secret_versions for path p version 1");
  }

  @Test
  void tamper_swapValuesOfTwoVersions_readFails() throws Exception {
    secrets = secrets(backend, 10);
    putN("p", 2);
    swap("secret_versions", "encrypted_values", "path='p' AND version=1", "path='p' AND version=2");
    assertThatThrownBy(() -> secrets.get("p", 1)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> secrets.get("p", 2)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void tamper_swapValuesOfTwoPaths_readFails() throws Exception {
    secrets.put("a", Map.of("k", "alpha"), OptionalInt.empty());
    secrets.put("b", Map.of("k", "beta"), OptionalInt.empty());
    swap("secret_versions", "encrypted_values", "path='a'", "path='b'");
    assertThatThrownBy(() -> secrets.get("a", 0)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> secrets.get("b", 0)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void tamper_swapMetadataOfTwoPaths_readFails() throws Exception {
    putN("a", 1);
    putN("b", 2);
    swap("secret_metadata", "encrypted_index", "path='a'", "path='b'");
    assertThatThrownBy(() -> secrets.metadata("a", 0)).isInstanceOf(IntegrityException.class);
  }

  @Test
  void tamper_swapPolicies_loadFails() throws Exception {
    PolicyService ps = new PolicyService(backend, Clock.systemUTC());
    ps.upsert(new PolicyDraft("one", "^spiffe://x/a$", "^a$", List.of("read")));
    ps.upsert(new PolicyDraft("two", "^spiffe://x/b$", "^b$", List.of("super")));
    swap("policies", "encrypted_policy", "name='one'", "name='two'");
    assertThatThrownBy(() -> backend.loadPolicy("one")).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> backend.loadAllPolicies()).isInstanceOf(IntegrityException.class);
  }

  @Test
  void prune_deletesRowsFromStorage() throws Exception {
    putN("p", 5);
    try (Connection c = raw();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT version FROM secret_versions WHERE path='p' ORDER BY version")) {
      List<Integer> versions = new java.util.ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      assertThat(versions).containsExactly(3, 4, 5);
    }
  }

  @Test
  void storage_noPlaintextValuesInDatabaseFiles() throws Exception {
    secrets.put("p", Map.of("password", "hunter2-very-secret"), OptionalInt.empty());
    policies.upsert(new PolicyDraft("pol", "^spiffe://x/unique-pattern$", "^p$", List.of("read")));
    backend.close();
    for (Path f : List.of(dbFile(), dbFile().resolveSibling("spike.db-wal"))) {
      if (Files.exists(f)) {
        String content =
            new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).doesNotContain("hunter2-very-secret").doesNotContain("unique-pattern");
      }
    }
    backend = open(rootKey);
  }

  @Test
  void open_spikeGoSchema_refused() throws Exception {
    backend.close();
    Path other = dir.resolve("go");
    Files.createDirectories(other);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("spike.db"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE secrets (path TEXT, version INTEGER)");
    }
    assertThatThrownBy(
            () -> BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, other), rootKey))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("SPIKE's (Go) schema");
    backend = open(rootKey);
  }

  @Test
  void concurrentWriters_groupCommitted_fewerTransactionsThanWrites() throws Exception {
    SqliteBackend sqlite = (SqliteBackend) backend;
    long[] before = sqlite.writerStats();
    int threads = 16;
    int perThread = 20;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    secrets.put("gc/" + id, Map.of("k", "v" + i), OptionalInt.empty());
                  }
                  return null;
                }));
      }
      start.countDown();
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long[] after = sqlite.writerStats();
    long writes = after[1] - before[1];
    long commits = after[0] - before[0];
    assertThat(writes).isEqualTo((long) threads * perThread);
    assertThat(commits).as("commits for %d writes", writes).isLessThan(writes);
    for (int t = 0; t < threads; t++) {
      assertThat(secrets.metadata("gc/" + t, 0).currentVersion()).isEqualTo(perThread);
    }
  }

  private void swap(String table, String column, String whereA, String whereB) throws Exception {
    try (Connection c = raw();
        Statement st = c.createStatement()) {
      byte[] a;
      byte[] b;
      try (ResultSet rs =
          st.executeQuery("SELECT " + column + " FROM " + table + " WHERE " + whereA)) {
        a = rs.getBytes(1);
      }
      try (ResultSet rs =
          st.executeQuery("SELECT " + column + " FROM " + table + " WHERE " + whereB)) {
        b = rs.getBytes(1);
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + whereA)) {
        ps.setBytes(1, b);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE " + whereB)) {
        ps.setBytes(1, a);
        ps.executeUpdate();
      }
    }
  }
}
