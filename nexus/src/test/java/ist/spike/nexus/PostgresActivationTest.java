package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.PostgresConfig;
import ist.spike.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One root key per cluster: instances activating with different keys at once get one winner. */
final class PostgresActivationTest {
  @TempDir Path dir;

  @Test
  void twoInstancesActivateWithDifferentKeysAtOnce_oneKeyWins_otherRefusedByKeyCheck()
      throws Exception {
    try (PostgresServer server = PostgresServer.start(dir.resolve("pg"))) {
      BackendConfig config =
          BackendConfig.postgres(PostgresConfig.of(server.createDatabase("act"), server.user()));
      List<RootKey> keys = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        keys.add(RootKey.generate(new SecureRandom()));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Backend>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(keys.size())) {
        for (RootKey k : keys) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return NexusMain.activate(config, k);
                  }));
        }
        start.countDown();
        int activated = 0;
        int refused = 0;
        for (Future<Backend> f : results) {
          try {
            f.get(120, TimeUnit.SECONDS).close();
            activated++;
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(KeyCheckMismatchException.class);
            refused++;
          }
        }
        assertThat(activated).isEqualTo(1);
        assertThat(refused).isEqualTo(keys.size() - 1);
      }
      keys.forEach(RootKey::close);
    }
  }

  @Test
  void migrateFromSqlite_rightKeyCopiesEverything_wrongKeyChangesNothing() throws Exception {
    Path sqliteDir = dir.resolve("old-nexus");
    try (PostgresServer server = PostgresServer.start(dir.resolve("pg"));
        RootKey key = RootKey.generate(new SecureRandom());
        RootKey wrong = RootKey.generate(new SecureRandom())) {
      try (Backend old =
          NexusMain.activate(
              ist.spike.nexus.store.BackendConfig.of(
                  ist.spike.nexus.store.BackendKind.SQLITE, sqliteDir),
              key)) {
        new ist.spike.nexus.secret.SecretService(old, java.time.Clock.systemUTC(), 10)
            .put("legacy/db", java.util.Map.of("k", "v1"), java.util.OptionalInt.empty());
      }
      PostgresConfig pg =
          PostgresConfig.of(server.createDatabase("mig"), server.user())
              .withMigrateFromSqlite(true);
      BackendConfig config =
          new BackendConfig(
              ist.spike.nexus.store.BackendKind.POSTGRES,
              sqliteDir,
              "WAL",
              ist.spike.nexus.store.SqliteSynchronous.FULL,
              5000,
              4,
              128,
              java.util.Optional.of(pg));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> NexusMain.activate(config, wrong))
          .isInstanceOf(KeyCheckMismatchException.class);
      try (Backend b =
          ist.spike.nexus.store.BackendFactory.open(
              BackendConfig.postgres(pg.withMigrateFromSqlite(false)), key)) {
        assertThat(b.hasData()).as("a wrong key copies nothing").isFalse();
        assertThat(b.loadKeyCheck()).isEmpty();
      }
      try (Backend b = NexusMain.activate(config, key)) {
        assertThat(
                new ist.spike.nexus.secret.SecretService(b, java.time.Clock.systemUTC(), 10)
                    .get("legacy/db", 0)
                    .asMap()
                    .orElseThrow())
            .containsEntry("k", "v1");
        assertThat(b.loadKeyCheck()).isPresent();
      }
    }
  }
}
