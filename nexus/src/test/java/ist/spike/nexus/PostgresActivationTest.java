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
}
