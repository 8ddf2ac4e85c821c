package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.RootKeyWrap;
import ist.spike.crypto.aead.SpikeSealed;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.observe.NexusMetrics;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rotation.RotationStateMachine.Wrap;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.metrics.ServerMetrics;
import ist.spike.testkit.PrometheusText;
import ist.spike.testkit.PrometheusText.Sample;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The driver against a real SQLite store and in-memory Keepers, with crashes between phases. */
class RotationDriverTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(2, 3);

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private RootKey old;
  private Backend store;
  private final MapKeepers keepers = new MapKeepers(3);

  Backend open(RootKey key, List<RootKey> older) {
    return BackendFactory.open(
        BackendConfig.of(BackendKind.SQLITE, dir.resolve("nexus")), key, older, n -> {});
  }

  RotationDriver driver() {
    return new RotationDriver(
        keepers,
        TWO_OF_THREE,
        (current, older) -> {
          store.close();
          store = open(current, older);
          return store;
        },
        RANDOM,
        2);
  }

  String read(String path) {
    return new SecretService(store, Clock.systemUTC(), 10)
        .get(path, 0)
        .asMap()
        .orElseThrow()
        .get("k");
  }

  /** Every hex, base64 and decimal-array form of a key's bytes is absent from every log line. */
  void assertLogsHoldNo(RootKey... keys) {
    assertThat(logs.list).isNotEmpty();
    for (RootKey k : keys) {
      byte[] raw = k.revealBytes(InsecureSecretAccess.get());
      String hex = HexFormat.of().formatHex(raw);
      String b64 = Base64.getEncoder().encodeToString(raw);
      String numbers = Arrays.toString(raw);
      for (ILoggingEvent e : logs.list) {
        String line = e.getFormattedMessage() + " " + Arrays.toString(e.getArgumentArray());
        assertThat(line)
            .doesNotContainIgnoringCase(hex.substring(0, 16))
            .doesNotContain(b64.substring(0, 12))
            .doesNotContain(numbers.substring(0, 20));
      }
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    logs.start();
    root.addAppender(logs);
    old = RootKey.generate(RANDOM);
    store = open(old, List.of());
    store.storeKeyCheck(KeyCheckValue.of(old).toBytes());
    SecretService secrets = new SecretService(store, Clock.systemUTC(), 10);
    for (int i = 0; i < 7; i++) {
      secrets.put("app/s" + i, Map.of("k", "v" + i), OptionalInt.empty());
    }
    for (Shard s : Shamir.split(old, TWO_OF_THREE)) {
      keepers.values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
      s.close();
    }
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
    store.close();
    old.close();
  }

  @Test
  void rotate_metricsShowPhaseCountsAndCompletedRotations() throws Exception {
    PrometheusText.assumeParserAvailable();
    RotationDriver driver = driver();
    ServerMetrics metrics = ServerMetrics.create("nexus");
    NexusMetrics.registerRotation(metrics.registry(), driver);
    List<Sample> before = PrometheusText.parse(metrics.scrape());
    for (RotationPhase p : RotationPhase.values()) {
      assertThat(metric(before, "spike_rotation_phase", p)).isEqualTo(0);
    }
    assertThat(metric(before, "spike_rotations_completed_total", null)).isEqualTo(0);
    assertThat(metric(before, "spike_rotation_target_generation", null)).isEqualTo(0);
    List<String> whileDelivering = new ArrayList<>();
    keepers.onContribute = () -> whileDelivering.add(metrics.scrape());

    try (RootKey next = driver.rotate(store, old)) {
      List<Sample> during = PrometheusText.parse(whileDelivering.get(1));
      assertThat(metric(during, "spike_rotation_phase", RotationPhase.DELIVERING)).isEqualTo(1);
      assertThat(metric(during, "spike_rotation_phase", RotationPhase.DONE)).isEqualTo(0);
      assertThat(metric(during, "spike_rotation_keepers_delivered", null)).isEqualTo(1);
      assertThat(metric(during, "spike_rotation_rows_resealed", null)).isEqualTo(0);
      assertThat(metric(during, "spike_rotation_rows_sealed", null)).isEqualTo(0);
      assertThat(metric(during, "spike_rotation_target_generation", null)).isEqualTo(2);
      assertThat(metric(during, "spike_rotations_completed_total", null)).isEqualTo(0);

      List<Sample> after = PrometheusText.parse(metrics.scrape());
      assertThat(metric(after, "spike_rotation_phase", RotationPhase.DONE)).isEqualTo(1);
      assertThat(metric(after, "spike_rotation_phase", RotationPhase.RESEALING)).isEqualTo(0);
      assertThat(metric(after, "spike_rotation_keepers_delivered", null)).isEqualTo(3);
      // 7 secrets: an index row and a values row each
      assertThat(metric(after, "spike_rotation_rows_resealed", null))
          .isEqualTo(driver.status().resealed())
          .isGreaterThanOrEqualTo(14);
      assertThat(metric(after, "spike_rotation_rows_sealed", null))
          .as("no concurrent writes: every sealed row was stale")
          .isEqualTo(metric(after, "spike_rotation_rows_resealed", null));
      assertThat(metric(after, "spike_rotations_completed_total", null)).isEqualTo(1);

      driver.rotate(store, next).close();
      List<Sample> second = PrometheusText.parse(metrics.scrape());
      assertThat(metric(second, "spike_rotations_completed_total", null)).isEqualTo(2);
      assertThat(metric(second, "spike_rotation_target_generation", null)).isEqualTo(3);
    }
  }

  private static double metric(List<Sample> samples, String name, RotationPhase phase) {
    Map<String, String> labels =
        phase == null ? Map.of() : Map.of("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
    List<Sample> found = PrometheusText.find(samples, name, labels);
    assertThat(found).as(name + " " + labels).hasSize(1);
    return found.get(0).value();
  }

  @Test
  void rotate_stepPause_runsAfterPendingEachKeeperAndEachResealBatch() throws Exception {
    List<RotationPhase> paused = new ArrayList<>();
    RotationDriver[] driver = new RotationDriver[1];
    driver[0] =
        new RotationDriver(
            keepers,
            () -> TWO_OF_THREE,
            (current, older) -> {
              store.close();
              store = open(current, older);
              return store;
            },
            RANDOM,
            2,
            () -> paused.add(driver[0].status().rotation().orElseThrow().phase()));
    driver[0].rotate(store, old).close();
    // 7 index rows and 7 values rows, 2 per batch: 4 + 4 batches
    List<RotationPhase> expected = new ArrayList<>();
    expected.add(RotationPhase.PENDING);
    expected.addAll(java.util.Collections.nCopies(3, RotationPhase.DELIVERING));
    expected.addAll(java.util.Collections.nCopies(8, RotationPhase.RESEALING));
    assertThat(paused).isEqualTo(expected);
  }

  @Test
  void rotateTwice_spikeCipherTextOfGenerationOne_stillOpensInTheServedStore() throws Exception {
    byte[] plain = "made under generation 1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    SpikeSealed sealed = store.cipher().seal(plain);
    RotationDriver driver = driver();
    try (RootKey second = driver.rotate(store, old);
        RootKey third = driver.rotate(store, second)) {
      assertThat(store.cipher().retiredKeys()).as("generations 2 and 1").isEqualTo(2);
      assertThat(store.cipher().open(sealed)).isEqualTo(plain);
      assertThat(read("app/s3")).isEqualTo("v3");
    }
  }

  @Test
  void rotate_newKeyAtTheKeepers_everyRowUnderItAlone_oldKeyKeptSealedUnderIt() throws Exception {
    RotationDriver driver = driver();
    try (RootKey next = driver.rotate(store, old);
        RootKey fromKeepers = keepers.recover(1, 3)) {
      assertThat(fromKeepers.equalsSecret(next)).isTrue();
      assertThat(next.equalsSecret(old)).isFalse();
      assertThat(driver.status().resealed()).isGreaterThanOrEqualTo(14);
      assertThat(driver.status().delivered()).isEqualTo(3);
      KeyGenerations g = KeyGenerations.fromBytes(store.loadKeyGenerations().orElseThrow());
      assertThat(g.active()).isEqualTo(2);
      assertThat(g.rotation().orElseThrow().phase()).isEqualTo(RotationPhase.DONE);
      assertThat(g.generationOf(KeyCheckValue.of(old).toBytes())).contains(1);
      assertThat(store.loadKeyCheck().orElseThrow()).isEqualTo(KeyCheckValue.of(next).toBytes());
      try (RootKey back = RootKeyWrap.open(g.wrapped(new Wrap(1, 2)).orElseThrow(), 1, next, 2)) {
        assertThat(back.equalsSecret(old)).isTrue();
      }
      store.close();
      store = open(next, List.of());
      for (int i = 0; i < 7; i++) {
        assertThat(read("app/s" + i)).isEqualTo("v" + i);
      }
      assertThatThrownBy(
              () -> RotationStateMachine.checkRecoveryGeneration(g.rotation(), g.active(), 1))
          .isInstanceOf(SupersededRecoveryException.class);
      assertThat(logs.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("run `spike operator recover` again"));
      assertLogsHoldNo(old, next);
    }
  }

  @Test
  void rotate_whileOneRuns_refusedWith409Message() throws Exception {
    RotationDriver driver = driver();
    List<Throwable> second = new ArrayList<>();
    keepers.onContribute =
        () -> {
          if (second.isEmpty()) {
            try {
              driver.rotate(store, old).close();
              second.add(new AssertionError("a second rotation started"));
            } catch (Exception e) {
              second.add(e);
            }
          }
        };
    driver.rotate(store, old).close();
    assertThat(second.get(0))
        .isInstanceOf(RotationInProgressException.class)
        .hasMessageContaining("is already running")
        .hasMessageContaining("spike operator rotate --status");
  }

  @Test
  void keeperDownWhileDelivering_thenRestartWithTheOldKey_resumesAndFinishes() throws Exception {
    keepers.down.add(2);
    assertThatThrownBy(() -> driver().rotate(store, old))
        .isInstanceOf(KeeperUnavailableException.class);
    KeyGenerations g = KeyGenerations.fromBytes(store.loadKeyGenerations().orElseThrow());
    assertThat(g.rotation().orElseThrow().phase()).isEqualTo(RotationPhase.DELIVERING);
    assertThat(read("app/s3")).as("data is served during the rotation").isEqualTo("v3");
    // kill -9: a new process recovers the old key (Keepers 2 and 3 still hold old shards)
    keepers.down.clear();
    store.close();
    store = open(old, List.of());
    try (RootKey recovered = keepers.recover(2, 3)) {
      assertThat(recovered.equalsSecret(old)).isTrue();
    }
    try (RootKey next = driver().resume(store, old);
        RootKey fromKeepers = keepers.recover(1, 2)) {
      assertThat(fromKeepers.equalsSecret(next)).isTrue();
      store.close();
      store = open(next, List.of());
      assertThat(read("app/s6")).isEqualTo("v6");
      assertLogsHoldNo(old, next);
    }
  }

  @Test
  void restartWithTheNewKeyWhileDelivering_opensTheOldKeyFromTheStoreAndFinishes()
      throws Exception {
    keepers.down.add(3);
    assertThatThrownBy(() -> driver().rotate(store, old))
        .isInstanceOf(KeeperUnavailableException.class);
    keepers.down.clear();
    store.close();
    try (RootKey fromKeepers = keepers.recover(1, 2)) {
      assertThat(fromKeepers.equalsSecret(old)).isFalse();
      store = open(fromKeepers, List.of());
      try (RootKey next = driver().resume(store, fromKeepers)) {
        assertThat(next.equalsSecret(fromKeepers)).isTrue();
      }
      store.close();
      store = open(fromKeepers, List.of());
      assertThat(read("app/s0")).isEqualTo("v0");
    }
  }

  @Test
  void restartWhilePending_rollsBackAndAnotherRotationCanStart() throws Exception {
    try (RootKey next = RootKey.generate(RANDOM)) {
      Rotation pending = RotationStateMachine.start(Optional.empty(), 1);
      KeyGenerations g =
          KeyGenerations.initial(KeyCheckValue.of(old).toBytes())
              .record(
                  pending,
                  Map.of(new Wrap(2, 1), RootKeyWrap.seal(next, 2, old, 1, RANDOM)),
                  KeyCheckValue.of(next).toBytes());
      store.storeKeyGenerations(g.toBytes(), KeyCheckValue.of(old).toBytes());
    }
    try (RootKey same = driver().resume(store, old)) {
      assertThat(same.equalsSecret(old)).isTrue();
    }
    assertThat(KeyGenerations.fromBytes(store.loadKeyGenerations().orElseThrow()).rotation())
        .isEmpty();
    try (RootKey fromOld = keepers.recover(1, 2)) {
      assertThat(fromOld.equalsSecret(old)).as("no Keeper was touched").isTrue();
    }
    driver().rotate(store, old).close();
  }
}
