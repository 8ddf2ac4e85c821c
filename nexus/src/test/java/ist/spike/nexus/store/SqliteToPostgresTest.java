package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving a SQLite store into PostgreSQL under the same root key, verified row by row. */
final class SqliteToPostgresTest {
  @TempDir Path dir;

  @Test
  void copy_everyVersionStateAndPolicy_readableThroughPostgres_andTargetMustBeEmpty() {
    try (PostgresServer server = PostgresServer.start(dir.resolve("pg"));
        RootKey key = RootKey.generate(new SecureRandom());
        Backend sqlite =
            BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("sqlite")), key);
        Backend pg =
            BackendFactory.open(
                BackendConfig.postgres(
                    PostgresConfig.of(server.createDatabase("mig"), server.user())),
                key)) {
      SecretService s = new SecretService(sqlite, Clock.systemUTC(), 3);
      for (int i = 1; i <= 5; i++) {
        s.put("app/db", Map.of("password", "p" + i), OptionalInt.empty());
      }
      s.delete("app/db", List.of(4));
      s.put("app/null", null, OptionalInt.empty());
      s.put("app/empty", Map.of(), OptionalInt.empty());
      new PolicyService(sqlite, Clock.systemUTC())
          .upsert(new PolicyDraft("readers", "^spiffe://x/app$", "^app/", List.of("read")));

      SqliteToPostgres.Report r = SqliteToPostgres.copy(sqlite, pg);

      assertThat(r).isEqualTo(new SqliteToPostgres.Report(3, 5, 1));
      SecretService t = new SecretService(pg, Clock.systemUTC(), 3);
      assertThat(t.get("app/db", 0).asMap().orElseThrow()).containsEntry("password", "p5");
      assertThat(t.get("app/db", 3).asMap().orElseThrow()).containsEntry("password", "p3");
      assertThat(pg.loadSecretIndex("app/db").orElseThrow().versions().get(4).isDeleted()).isTrue();
      assertThat(t.get("app/null", 0).isNull()).isTrue();
      assertThat(t.get("app/empty", 0).asMap()).hasValue(Map.of());
      assertThat(pg.loadPolicy("readers")).isPresent();
      // a second run must not mix two stores
      assertThatThrownBy(() -> SqliteToPostgres.copy(sqlite, pg))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("migrate only into an empty database");
    }
  }
}
