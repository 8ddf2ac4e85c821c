package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, and PostgreSQL specifics, on a real PostgreSQL server. */
final class PostgresBackendTest extends BackendContractTest {
  @TempDir static Path pgDir;
  static PostgresServer server;
  static String url;

  private boolean emptied;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start(pgDir.resolve("pg"));
    url = server.createDatabase("contract");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  BackendKind kind() {
    return BackendKind.POSTGRES;
  }

  @Override
  Backend open(RootKey key) {
    Backend b =
        BackendFactory.open(
            BackendConfig.postgres(PostgresConfig.of(url, server.user()).withPoolSize(4)), key);
    if (!emptied) {
      // one database per class (creating one per test costs seconds); each test starts empty
      emptied = true;
      try (Connection c = raw();
          Statement st = c.createStatement()) {
        st.execute(
            "TRUNCATE nexus_meta, secret_metadata, secret_versions, policies, bootstrap_claim");
      } catch (java.sql.SQLException e) {
        b.close();
        throw new IllegalStateException(e);
      }
    }
    return b;
  }

  @Override
  Backend openRotated(RootKey key, java.util.List<RootKey> older) {
    return BackendFactory.open(
        BackendConfig.postgres(PostgresConfig.of(url, server.user()).withPoolSize(4)),
        key,
        older,
        n -> {});
  }

  private static final java.util.concurrent.atomic.AtomicInteger TARGETS =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  Backend openTarget(RootKey key) {
    String target = server.createDatabase("target" + TARGETS.incrementAndGet());
    return BackendFactory.open(
        BackendConfig.postgres(PostgresConfig.of(target, server.user()).withPoolSize(2)), key);
  }

  private static Connection raw() throws java.sql.SQLException {
    return DriverManager.getConnection(url, server.user(), "");
  }

  @Test
  void open_migratesWithFlyway_schemaVersionOne() throws Exception {
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version FROM nexus_schema_history WHERE success ORDER BY installed_rank")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("1");
    }
  }

  @Test
  void storedFields_areSealed_noPlaintextInAnyColumn() throws Exception {
    secrets.put("db/creds", Map.of("password", "hunter2-plain"), java.util.OptionalInt.empty());
    try (Connection c = raw();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT encode(encrypted_values, 'escape') FROM secret_versions"
                    + " UNION ALL SELECT encode(encrypted_index, 'escape') FROM secret_metadata")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getString(1)).doesNotContain("hunter2").doesNotContain("password");
      }
      assertThat(rows).isEqualTo(2);
    }
  }

  @Test
  void ciphertextMovedToAnotherRow_failsIntegrity() throws Exception {
    secrets.put("a", Map.of("k", "va"), java.util.OptionalInt.empty());
    secrets.put("b", Map.of("k", "vb"), java.util.OptionalInt.empty());
    try (Connection c = raw();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE secret_versions SET encrypted_values ="
                    + " (SELECT encrypted_values FROM secret_versions WHERE path = 'a')"
                    + " WHERE path = 'b'")) {
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThatThrownBy(() -> backend.loadSecretValues("b", 1))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("secret_versions for path b version 1");
  }

  @Test
  void reopenWithOtherRootKey_readsFailWithWrongKeyMessage() {
    secrets.put("a", Map.of("k", "v"), java.util.OptionalInt.empty());
    try (RootKey other = RootKey.generate(new SecureRandom());
        Backend wrong = open(other)) {
      assertThatThrownBy(() -> wrong.loadSecretIndex("a"))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("wrong root key");
    }
  }

  @Test
  void claimKeyCheck_firstWins_secondGetsTheFirstValue() {
    byte[] first = {1, 2, 3};
    byte[] second = {9, 9, 9};
    assertThat(backend.claimKeyCheck(first)).containsExactly(1, 2, 3);
    try (Backend other = open(rootKey)) {
      assertThat(other.claimKeyCheck(second)).containsExactly(1, 2, 3);
    }
    assertThat(backend.loadKeyCheck())
        .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
  }

  @Test
  void serverDown_readsAndWritesFailUnreachable_thenRecoverWithoutReopen() {
    secrets.put("a", Map.of("k", "v1"), java.util.OptionalInt.empty());
    server.stop();
    try {
      assertThatThrownBy(() -> backend.loadSecretIndex("a"))
          .isInstanceOf(StoreUnreachableException.class)
          .hasMessageContaining("cannot be reached");
      assertThatThrownBy(() -> secrets.put("a", Map.of("k", "v2"), java.util.OptionalInt.empty()))
          .isInstanceOf(StoreUnreachableException.class);
    } finally {
      server.restart();
    }
    secrets.put("a", Map.of("k", "v3"), java.util.OptionalInt.empty());
    assertThat(secrets.get("a", 0).asMap().orElseThrow()).containsEntry("k", "v3");
  }
}
