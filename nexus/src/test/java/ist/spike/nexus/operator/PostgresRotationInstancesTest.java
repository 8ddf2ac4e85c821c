package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.KeyGenerations;
import ist.spike.nexus.rotation.MapKeepers;
import ist.spike.nexus.rotation.RotationDriver;
import ist.spike.nexus.rotation.RotationFollower;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.IntegrityException;
import ist.spike.nexus.store.KeyRunHeldException;
import ist.spike.nexus.store.KeyRunLock;
import ist.spike.nexus.store.PostgresConfig;
import ist.spike.server.RouteKey;
import ist.spike.server.SpikeRequest;
import ist.spike.server.SpikeResponse;
import ist.spike.testkit.pg.PostgresServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Nexus instances (each its own store handle, custody, rotation service and route) on one real
 * PostgreSQL database, sharing three in-memory Keepers (ADR-0164).
 */
final class PostgresRotationInstancesTest {
  private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(2, 3);

  @TempDir static Path dir;
  static PostgresServer server;
  static DevTrustDomain td;

  final List<Instance> instances = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start(dir.resolve("pg"));
    td = DevTrustDomain.create(dir.resolve("td"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeInstances() {
    keepers.gate.countDown();
    instances.forEach(Instance::close);
  }

  /** The Keepers both instances deliver to: the last shard each position was given. */
  final MapKeepers keepers = new MapKeepers(3);

  /** One Nexus instance's rotation parts over its own store handle. */
  final class Instance implements AutoCloseable {
    final RotationFixture parts;
    final AtomicReference<Backend> backend;
    final RootKeyCustody custody;
    final RotationDriver driver;
    final RotationService service;
    final RotationRoutes routes;
    final RotationFollower follower;
    final ScheduledExecutorService following = Executors.newSingleThreadScheduledExecutor();

    Instance(String url, RootKey key) throws Exception {
      this(url, key, true);
    }

    Instance(String url, RootKey key, boolean follows) throws Exception {
      parts =
          new RotationFixture(
              BackendConfig.postgres(PostgresConfig.of(url, server.user())),
              new SplitInForce(TWO_OF_THREE));
      backend = parts.backend;
      custody = parts.custody;
      RotationDriver.StoreReopener reopener = parts.reopener();
      driver =
          parts.driver(
              keepers,
              () -> TWO_OF_THREE,
              reopener,
              RotationDriver.sleeping(Duration.ofMillis(1500)));
      service = parts.service(driver, Optional.empty());
      routes = new RotationRoutes(td.roles(), Optional.of(service));
      follower =
          new RotationFollower(custody, parts.store(), reopener, service::busy, System::nanoTime);
      parts.install(key);
      instances.add(this);
      if (follows) {
        following.scheduleWithFixedDelay(follower::poll, 250, 250, TimeUnit.MILLISECONDS);
      }
    }

    SecretService secrets() {
      return new SecretService(backend.get(), Clock.systemUTC(), 10);
    }

    @Override
    public void close() {
      following.shutdownNow();
      parts.close();
    }
  }

  /** The request body of {@code POST /v1/operator/rotate}: empty JSON. */
  static final SpikeRequest ROTATE =
      new SpikeRequest() {
        @Override
        public SpiffeId peer() {
          throw new UnsupportedOperationException();
        }

        @Override
        public RouteKey route() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> header(String name) {
          return Optional.empty();
        }

        @Override
        public Optional<String> contentType() {
          return Optional.of("application/json");
        }

        @Override
        public OptionalLong contentLength() {
          return OptionalLong.of(2);
        }

        @Override
        public long maxBodyBytes() {
          return 1024;
        }

        @Override
        public <T> T readJson(Class<T> type) {
          return null;
        }

        @Override
        public <T> T readJson(Class<T> type, long maxBytes) {
          return null;
        }

        @Override
        public InputStream bodyStream() {
          return InputStream.nullInputStream();
        }
      };

  RootKey recoverFromKeepers() throws Exception {
    List<Shard> two = new ArrayList<>();
    for (int p : List.of(1, 3)) {
      two.add(Shard.of(p, SecretBytes.copyOf(keepers.values.get(p), InsecureSecretAccess.get())));
    }
    return Shamir.recover(two, 2);
  }

  @Test
  void rotateOnBothInstancesAtOnce_one202AndOne409NamingTheOtherRun_oneNewKeyEverywhere()
      throws Exception {
    String url = server.createDatabase("rot");
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      Instance a = new Instance(url, key);
      Instance b = new Instance(url, key);
      for (int i = 0; i < 20; i++) {
        (i % 2 == 0 ? a : b)
            .secrets()
            .put("app/s" + i, Map.of("v", "value-" + i), OptionalInt.empty());
      }
      // both runs overlap: the winner's delivery waits until both answers are in
      keepers.gate = new CountDownLatch(1);
      CyclicBarrier together = new CyclicBarrier(2);
      List<SpikeResponse> answers = new ArrayList<>();
      try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
        List<Future<SpikeResponse>> calls = new ArrayList<>();
        for (Instance in : List.of(a, b)) {
          calls.add(
              callers.submit(
                  () -> {
                    together.await(30, TimeUnit.SECONDS);
                    return in.routes.start(ROTATE);
                  }));
        }
        for (Future<SpikeResponse> f : calls) {
          answers.add(f.get(60, TimeUnit.SECONDS));
        }
      }
      assertThat(answers).extracting(SpikeResponse::status).containsExactlyInAnyOrder(202, 409);
      SpikeResponse refused = answers.stream().filter(r -> r.status() == 409).findFirst().get();
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) refused.jsonBody().orElseThrow();
      assertThat(body).containsEntry("err", "api_conflict");
      assertThat((String) body.get("message"))
          .contains("another Nexus instance (rotation to generation 2, pid ")
          .contains("spike operator rotate --status");
      Instance winner = answers.get(0).status() == 202 ? a : b;
      Instance loser = winner == a ? b : a;
      keepers.gate.countDown();
      for (int i = 0; i < 300 && winner.driver.completed() < 1; i++) {
        Thread.sleep(100);
      }
      assertThat(winner.driver.completed()).isEqualTo(1);
      assertThat(loser.driver.completed()).isZero();
      KeyGenerations g =
          KeyGenerations.fromBytes(winner.backend.get().loadKeyGenerations().orElseThrow());
      assertThat(g.active()).isEqualTo(2);
      // the Keepers hold shards of the one new key, whose check the store records
      try (RootKey fromKeepers = recoverFromKeepers()) {
        assertThat(g.generationOf(KeyCheckValue.of(fromKeepers).toBytes())).contains(2);
        assertThat(fromKeepers.equalsSecret(key)).isFalse();
      }
      // the other instance followed: it holds the new key and reads every re-sealed row
      for (Instance in : List.of(winner, loser)) {
        for (int i = 0; i < 20; i++) {
          assertThat(in.secrets().get("app/s" + i, 0).asMap().orElseThrow())
              .containsEntry("v", "value-" + i);
        }
      }
      try (RootKey fromKeepers = recoverFromKeepers()) {
        assertThat(loser.custody.withKey(k -> k.equalsSecret(fromKeepers))).contains(true);
      }
      // settled: once it has applied the finished record it reports nothing (checks once a second)
      Optional<String> lag = loser.follower.behind();
      for (int i = 0; i < 5 && lag.isPresent(); i++) {
        Thread.sleep(1100);
        lag = loser.follower.behind();
      }
      assertThat(lag).isEmpty();
      // and what it writes now the winner reads
      loser.secrets().put("app/after", Map.of("v", "new"), OptionalInt.empty());
      assertThat(winner.secrets().get("app/after", 0).asMap().orElseThrow())
          .containsEntry("v", "new");
    }
  }

  @Test
  void instanceThatMissedTheRotation_reportsItselfBehindWithARestartMessage() throws Exception {
    String url = server.createDatabase("lag");
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      Instance a = new Instance(url, key);
      Instance b = new Instance(url, key, false);
      a.secrets().put("app/x", Map.of("v", "1"), OptionalInt.empty());
      assertThat(b.follower.behind()).isEmpty();
      assertThat(a.routes.start(ROTATE).status()).isEqualTo(202);
      for (int i = 0; i < 300 && a.driver.completed() < 1; i++) {
        Thread.sleep(100);
      }
      assertThat(a.driver.completed()).isEqualTo(1);
      // b never looked while the rotation ran: the row re-sealed under generation 2 does not open
      assertThatThrownBy(() -> b.secrets().get("app/x", 0)).isInstanceOf(IntegrityException.class);
      Thread.sleep(1100); // past the rate limit of the check
      assertThat(b.follower.behind())
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains("has not loaded the rotated root key (generation 2)")
                      .contains("Restart this instance"));
      // it refuses to rotate from its stale key rather than splitting a third key
      assertThat(b.routes.start(ROTATE).status()).isEqualTo(409);
    }
  }

  @Test
  void keyRunLock_heldByOneInstance_refusesTheOtherNamingTheRun_untilReleased() throws Exception {
    String url = server.createDatabase("lock");
    BackendConfig config = BackendConfig.postgres(PostgresConfig.of(url, server.user()));
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend a = BackendFactory.open(config, key);
        Backend b = BackendFactory.open(config, key)) {
      KeyRunLock held = a.tryLockKeyRuns("rekey to threshold 3");
      assertThatThrownBy(() -> b.tryLockKeyRuns("rotation to generation 2"))
          .isInstanceOf(KeyRunHeldException.class)
          .hasMessageContaining("another Nexus instance (rekey to threshold 3, pid ")
          .hasMessageContaining("connected from 127.0.0.1");
      held.close();
      try (KeyRunLock mine = b.tryLockKeyRuns("rotation to generation 2")) {
        assertThatThrownBy(() -> a.tryLockKeyRuns("rotation to generation 2"))
            .isInstanceOf(KeyRunHeldException.class);
      }
    }
  }

  @Test
  void replaceKeyGenerations_staleExpectedRecord_refusedAndChangesNothing() throws Exception {
    String url = server.createDatabase("cas");
    BackendConfig config = BackendConfig.postgres(PostgresConfig.of(url, server.user()));
    try (RootKey key = RootKey.generate(new SecureRandom());
        Backend a = BackendFactory.open(config, key);
        Backend b = BackendFactory.open(config, key)) {
      byte[] check = KeyCheckValue.of(key).toBytes();
      byte[] first = KeyGenerations.initial(check).toBytes();
      assertThat(a.replaceKeyGenerations(Optional.empty(), first, check)).isTrue();
      // b read "nothing stored" before a wrote: its write must not land
      byte[] other = KeyGenerations.initial(new byte[check.length]).toBytes();
      assertThat(b.replaceKeyGenerations(Optional.empty(), other, check)).isFalse();
      assertThat(b.loadKeyGenerations()).hasValueSatisfying(v -> assertThat(v).isEqualTo(first));
      assertThat(b.replaceKeyGenerations(Optional.of(first), other, check)).isTrue();
      assertThat(a.loadKeyGenerations()).hasValueSatisfying(v -> assertThat(v).isEqualTo(other));
    }
  }
}
