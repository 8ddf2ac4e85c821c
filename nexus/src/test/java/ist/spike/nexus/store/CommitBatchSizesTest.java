package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.secret.SecretService;
import ist.spike.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed-batch listener of both group-commit writers (SQLite and a real PostgreSQL): every
 * committed write is reported in exactly one batch, and {@link WriterStats} agrees.
 */
final class CommitBatchSizesTest {
  private static final int MAX_BATCH = 4;

  @TempDir static Path dir;
  static PostgresServer server;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void sqlite_concurrentWrites_batchSizesSumToWrites_oneObservationPerCommit() throws Exception {
    assertBatchesAccountForEveryWrite(
        config(BackendKind.SQLITE, dir.resolve("sqlite"), Optional.empty()));
  }

  @Test
  void postgres_concurrentWrites_batchSizesSumToWrites_oneObservationPerCommit() throws Exception {
    PostgresConfig pg = PostgresConfig.of(server.createDatabase("batches"), server.user());
    assertBatchesAccountForEveryWrite(config(BackendKind.POSTGRES, dir, Optional.of(pg)));
  }

  @Test
  void failingListener_writeStillCommittedAndAnswered() {
    BackendConfig config = config(BackendKind.SQLITE, dir.resolve("failing"), Optional.empty());
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend backend =
            BackendFactory.open(
                config,
                key,
                size -> {
                  throw new IllegalStateException("listener broken");
                })) {
      SecretService secrets = new SecretService(backend, Clock.systemUTC(), 3);
      assertThat(secrets.put("app/x", Map.of("k", "v"), OptionalInt.empty())).isEqualTo(1);
      assertThat(secrets.get("app/x", 0).asMap()).contains(Map.of("k", "v"));
      assertThat(WriterStats.commits(backend)).isEqualTo(1);
    }
  }

  @Test
  void backendsWithoutWriter_reportZero() {
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend memory = BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, dir), key)) {
      new SecretService(memory, Clock.systemUTC(), 3)
          .put("app/x", Map.of("k", "v"), OptionalInt.empty());
      assertThat(WriterStats.commits(memory)).isZero();
      assertThat(WriterStats.writes(memory)).isZero();
    }
    assertThat(WriterStats.commits(null)).isZero();
  }

  private static void assertBatchesAccountForEveryWrite(BackendConfig config) throws Exception {
    Queue<Integer> sizes = new ConcurrentLinkedQueue<>();
    int threads = 12;
    int perThread = 15;
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend backend = BackendFactory.open(config, key, sizes::add)) {
      assertThat(sizes).as("opening writes nothing through the writer").isEmpty();
      SecretService secrets = new SecretService(backend, Clock.systemUTC(), 3);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        for (int t = 0; t < threads; t++) {
          String path = "batch/" + t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      secrets.put(path, Map.of("k", "v" + i), OptionalInt.empty());
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      }
      // every put has returned, and sizes are reported before a batch's writes return
      int writes = threads * perThread;
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(writes);
      assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, MAX_BATCH));
      assertThat(WriterStats.commits(backend)).isEqualTo(sizes.size());
      assertThat(WriterStats.writes(backend)).isEqualTo(writes);
    }
  }

  private static BackendConfig config(
      BackendKind kind, Path dataDir, Optional<PostgresConfig> postgres) {
    return new BackendConfig(
        kind,
        dataDir,
        "WAL",
        SqliteSynchronous.FULL,
        5000,
        BackendConfig.DEFAULT_READ_CONNECTIONS,
        MAX_BATCH,
        postgres);
  }
}
