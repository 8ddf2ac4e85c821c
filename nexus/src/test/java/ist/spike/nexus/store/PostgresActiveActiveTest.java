package ist.spike.nexus.store;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.policy.Permission;
import ist.spike.nexus.policy.PolicyDraft;
import ist.spike.nexus.policy.PolicyService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.secret.VersionConflictException;
import ist.spike.testkit.pg.PostgresServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backends with their own pools, writers and caches on one real PostgreSQL database: the
 * storage view of two active Nexus instances.
 */
final class PostgresActiveActiveTest {
  @TempDir static Path pgDir;
  static PostgresServer server;

  RootKey key;
  Backend a;
  Backend b;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start(pgDir.resolve("pg"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  String url;

  @BeforeEach
  void open() {
    url = server.createDatabase("aa");
    key = RootKey.generate(new SecureRandom());
    a = BackendFactory.open(BackendConfig.postgres(PostgresConfig.of(url, server.user())), key);
    b = BackendFactory.open(BackendConfig.postgres(PostgresConfig.of(url, server.user())), key);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    key.close();
  }

  @Test
  void fiftyCasWritesSplitAcrossTwoInstances_exactlyOneWinnerPerVersion() throws Exception {
    SecretService sa = new SecretService(a, Clock.systemUTC(), 100);
    SecretService sb = new SecretService(b, Clock.systemUTC(), 100);
    int writers = 50;
    CountDownLatch start = new CountDownLatch(1);
    Map<Integer, String> winnerOfVersion = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        SecretService via = i % 2 == 0 ? sa : sb;
        Backend store = i % 2 == 0 ? a : b;
        String me = "writer-" + i;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  while (true) {
                    int seen =
                        store
                            .loadSecretIndex("shared/path")
                            .map(SecretIndex::currentVersion)
                            .orElse(0);
                    try {
                      int v = via.put("shared/path", Map.of("k", me), OptionalInt.of(seen));
                      assertThat(v).isEqualTo(seen + 1);
                      if (winnerOfVersion.putIfAbsent(v, me) != null) {
                        duplicates.incrementAndGet();
                      }
                      return null;
                    } catch (VersionConflictException e) {
                      conflicts.incrementAndGet();
                    }
                  }
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    assertThat(duplicates).hasValue(0);
    assertThat(new TreeMap<>(winnerOfVersion).keySet())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, writers).boxed().toList());
    assertThat(conflicts.get()).as("concurrent CAS writers must have collided").isPositive();
    // every version holds exactly its winner's value, seen identically through both instances
    for (Map.Entry<Integer, String> e : winnerOfVersion.entrySet()) {
      assertThat(sa.get("shared/path", e.getKey()).asMap().orElseThrow())
          .containsEntry("k", e.getValue());
      assertThat(sb.get("shared/path", e.getKey()).asMap().orElseThrow())
          .containsEntry("k", e.getValue());
    }
  }

  @Test
  void plainPutsThroughBothInstances_everyVersionDistinctAndReadable() throws Exception {
    SecretService sa = new SecretService(a, Clock.systemUTC(), 500);
    SecretService sb = new SecretService(b, Clock.systemUTC(), 500);
    List<Future<Integer>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 200; i++) {
        SecretService via = i % 2 == 0 ? sa : sb;
        String value = "v" + i;
        results.add(pool.submit(() -> via.put("p", Map.of("k", value), OptionalInt.empty())));
      }
      List<Integer> versions = new ArrayList<>();
      for (Future<Integer> f : results) {
        versions.add(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(versions).doesNotHaveDuplicates().hasSize(200);
      assertThat(versions)
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 200).boxed().toList());
    }
  }

  @Test
  void policyCreatedOnA_enforcedOnB_withinOneSecond_andDeletionToo() throws Exception {
    PolicyService pa = new PolicyService(a, Clock.systemUTC());
    PolicyService pb = new PolicyService(b, Clock.systemUTC());
    String peer = "spiffe://example.org/workload/app";
    List<Permission> read = List.of(Permission.READ);
    assertThat(pb.allows(peer, "app/db", read)).isFalse(); // B caches "no policies"

    pa.upsert(
        new PolicyDraft(
            "app-read", "^spiffe://example\\.org/workload/app$", "^app/", List.of("read")));
    long created = System.nanoTime();
    long seenAfter = waitUntil(() -> pb.allows(peer, "app/db", read), created);
    assertThat(seenAfter).as("ms until B enforces A's new policy").isLessThan(1000);

    pa.delete("app-read");
    long deleted = System.nanoTime();
    long goneAfter = waitUntil(() -> !pb.allows(peer, "app/db", read), deleted);
    assertThat(goneAfter).as("ms until B stops granting a policy deleted on A").isLessThan(1000);
  }

  private static long waitUntil(java.util.function.BooleanSupplier condition, long since)
      throws InterruptedException {
    long limit = since + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < limit) {
      if (condition.getAsBoolean()) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
      }
      Thread.sleep(10);
    }
    return Long.MAX_VALUE;
  }

  @Test
  void writesBatchedIntoFewerCommits_underConcurrentLoad() throws Exception {
    SecretService sa = new SecretService(a, Clock.systemUTC(), 3);
    List<Future<Integer>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
      for (int i = 0; i < 400; i++) {
        String path = "batch/" + (i % 40);
        results.add(pool.submit(() -> sa.put(path, Map.of("k", "v"), OptionalInt.empty())));
      }
      for (Future<Integer> f : results) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    long[] stats = ((PostgresBackend) a).writerStats();
    assertThat(stats[1]).isEqualTo(400);
    assertThat(stats[0]).as("commits for 400 concurrent writes").isLessThan(400);
  }

  @Test
  void bootstrapClaims_racingThroughTwoInstances_exactlyOneWinner_heldTokenStillWins()
      throws Exception {
    BackendConfig config = BackendConfig.postgres(PostgresConfig.of(url, server.user()));
    try (ClusterState ca = ClusterState.open(config);
        ClusterState cb = ClusterState.open(config)) {
      assertThat(ca.initialized()).isFalse();
      List<Future<Boolean>> wins = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
        for (int i = 0; i < 10; i++) {
          ClusterState via = i % 2 == 0 ? ca : cb;
          String token = String.format("%032x", i + 1);
          wins.add(
              pool.submit(
                  () -> {
                    start.await();
                    return via.claimBootstrap(token);
                  }));
        }
        start.countDown();
        int winners = 0;
        String winner = null;
        for (int i = 0; i < wins.size(); i++) {
          if (wins.get(i).get(60, TimeUnit.SECONDS)) {
            winners++;
            winner = String.format("%032x", i + 1);
          }
        }
        assertThat(winners).isEqualTo(1);
        assertThat(cb.claimBootstrap(winner)).isTrue();
        assertThat(ca.claimBootstrap(String.format("%032x", 99))).isFalse();
      }
      a.claimKeyCheck(new byte[] {1});
      assertThat(cb.initialized()).isTrue();
    }
  }

  @Test
  void bootstrapClaim_renewedByItsHolder_keepsOthersOut_lapsedOneIsTakenOverOnce()
      throws Exception {
    BackendConfig config = BackendConfig.postgres(PostgresConfig.of(url, server.user()));
    java.time.Duration lease = java.time.Duration.ofSeconds(2);
    String dead = String.format("%032x", 1);
    String live = String.format("%032x", 2);
    String late = String.format("%032x", 3);
    try (ClusterState ca = ClusterState.open(config, lease);
        ClusterState cb = ClusterState.open(config, lease)) {
      assertThat(ca.claimBootstrap(live)).isTrue();
      // The holder renews more often than the lease: nobody takes it over, however long it runs.
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        assertThat(ca.claimBootstrap(live)).as("holder renews (%s)", i).isTrue();
        assertThat(cb.claimBootstrap(late)).as("another run during a renewed lease").isFalse();
      }
      // The holder dies: after the lease one other run gets the claim, the rest are kept out.
      Thread.sleep(lease.toMillis() + 500);
      assertThat(cb.claimBootstrap(dead)).isTrue();
      assertThat(ca.claimBootstrap(live)).as("the lapsed holder is refused").isFalse();
      assertThat(ca.claimBootstrap(late)).isFalse();
    }
  }

  @Test
  void clusterState_leaseUnderOneSecond_refusedNamingTheVariable() {
    BackendConfig config = BackendConfig.postgres(PostgresConfig.of(url, server.user()));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ClusterState.open(config, java.time.Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SPIKE_NEXUS_BOOTSTRAP_CLAIM_LEASE");
  }
}
