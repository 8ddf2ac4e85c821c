package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.observe.NexusMetrics;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.ClusterState;
import ist.spike.server.metrics.ServerMetrics;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rekey driver against a real SQLite store and in-memory Keepers: 2-of-3 re-split to 3-of-5, a
 * Keeper down in the middle, the record read back by a "restarted" Nexus, and the resume.
 */
class RekeyDriverTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private final RootKey key = RootKey.generate(RANDOM);
  private final MapKeepers keepers = new MapKeepers(5);
  private final SplitInForce split = new SplitInForce(new ShamirParameters(3, 5));
  private Backend store;

  @BeforeEach
  void open() {
    store = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir), key);
    store.storeKeyCheck(KeyCheckValue.of(key).toBytes());
    store.storeShardCommitments(FeldmanCommitments.of(key, 2).toBytes());
    split.update(Optional.of(FeldmanCommitments.of(key, 2)), Optional.empty(), false);
  }

  @AfterEach
  void close() {
    store.close();
    key.close();
  }

  private Shard held(int position) throws Exception {
    return Shard.of(
        position, SecretBytes.copyOf(keepers.values.get(position), InsecureSecretAccess.get()));
  }

  private Optional<KeyGenerations> record() {
    return store.loadKeyGenerations().map(KeyGenerations::fromBytes);
  }

  @Test
  void rekey_twoOfThreeToThreeOfFive_everyKeeperHoldsTheNewSplitAndTheOldOneNoLongerCounts()
      throws Exception {
    RekeyDriver driver = new RekeyDriver(keepers, split);
    ServerMetrics metrics = ServerMetrics.create("nexus");
    NexusMetrics.registerRekey(metrics.registry(), driver);

    driver.rekey(store, key, driver.plan(3, 5));

    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    for (int p = 1; p <= 5; p++) {
      try (Shard s = held(p)) {
        assertThat(next.matches(s)).as("keeper %d", p).isTrue();
      }
    }
    assertThat(store.loadShardCommitments())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(next.toBytes()));
    assertThat(record().flatMap(KeyGenerations::rekey).map(Rekey::phase))
        .contains(RotationPhase.DONE);
    assertThat(split.threshold()).isEqualTo(3);
    assertThat(split.rekeying()).isFalse();
    try (Shard a = held(1);
        Shard b = held(2)) {
      // two of the new shards are no longer enough
      RootKey two = Shamir.recover(List.of(a, b), 2);
      assertThat(two.equalsSecret(key)).isFalse();
      two.close();
    }
    List<Shard> three = new ArrayList<>(List.of(held(2), held(4), held(5)));
    try (RootKey back = Shamir.recover(three, 3)) {
      assertThat(back.equalsSecret(key)).isTrue();
    }
    three.forEach(Shard::close);
    // an old recovery file is refused once the rekey is done
    List<Shard> oldFiles = Shamir.split(key, new ShamirParameters(2, 3));
    assertThat(split.refusal(oldFiles.get(0)))
        .hasValueSatisfying(m -> assertThat(m).contains("predates a rekey"));
    oldFiles.forEach(Shard::close);
    assertThat(driver.completed()).isEqualTo(1);
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("spike_rekey_phase{phase=\"done\",server=\"nexus\"} 1.0")
        .contains("spike_rekey_phase{phase=\"delivering\",server=\"nexus\"} 0.0")
        .contains("spike_rekey_target_threshold{server=\"nexus\"} 3.0")
        .contains("spike_rekey_keepers_delivered{server=\"nexus\"} 5.0")
        .contains("spike_rekeys_completed_total{server=\"nexus\"} 1.0");
  }

  @Test
  void rotationRolledBackWhilePending_afterAFinishedRekey_oldFilesStillGetTheRekeyMessage()
      throws Exception {
    RekeyDriver driver = new RekeyDriver(keepers, split);
    driver.rekey(store, key, driver.plan(3, 5));
    // a rotation recorded as pending, then Nexus killed: the restart rolls it back
    KeyGenerations rekeyed = record().orElseThrow();
    Rotation pending = RotationStateMachine.start(rekeyed.rotation(), rekeyed.active());
    try (RootKey next = RootKey.generate(RANDOM)) {
      KeyGenerations g =
          rekeyed.record(
              pending,
              java.util.Map.of(
                  new RotationStateMachine.Wrap(2, 1),
                  ist.spike.crypto.aead.RootKeyWrap.seal(next, 2, key, 1, RANDOM)),
              KeyCheckValue.of(next).toBytes());
      store.storeKeyGenerations(g.toBytes(), KeyCheckValue.of(key).toBytes());
    }
    RotationDriver rotation =
        new RotationDriver(keepers, split::parameters, (c, o) -> store, RANDOM, 16, () -> {});
    rotation.resume(store, key).close();

    assertThat(record().flatMap(KeyGenerations::rotation)).isEmpty();
    assertThat(record().flatMap(KeyGenerations::rekey).map(Rekey::phase))
        .contains(RotationPhase.DONE);
    SplitInForce restarted = new SplitInForce(new ShamirParameters(3, 5));
    StoredSplit.apply(
        new ClusterState.SplitMeta(store.loadShardCommitments(), store.loadKeyGenerations()),
        restarted);
    List<Shard> oldFiles = Shamir.split(key, new ShamirParameters(2, 3));
    assertThat(restarted.refusal(oldFiles.get(0)))
        .hasValueSatisfying(m -> assertThat(m).contains("predates a rekey"));
    oldFiles.forEach(Shard::close);
  }

  @Test
  void keeperDown_rekeyStaysDelivering_restartReadsBothSplitsAndResumeFinishes() throws Exception {
    RekeyDriver driver = new RekeyDriver(keepers, split);
    // the old split is held by every configured Keeper (the checks filled 4 and 5 after restart)
    List<Shard> old = Shamir.split(key, new ShamirParameters(2, 5));
    for (Shard s : old) {
      keepers.values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
    }
    old.forEach(Shard::close);
    keepers.down.add(2); // the order is 1..5 here: 1 gets its new shard, 2 is down
    assertThatThrownBy(() -> driver.rekey(store, key, driver.plan(3, 5)))
        .isInstanceOf(KeeperUnavailableException.class);
    assertThat(record().flatMap(KeyGenerations::rekey).map(Rekey::phase))
        .contains(RotationPhase.DELIVERING);
    assertThat(split.rekeying()).isTrue();
    assertThat(store.loadShardCommitments())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(FeldmanCommitments.of(key, 2).toBytes()));

    // a restarted Nexus reads both splits from the public values and rebuilds from the Keepers
    SplitInForce restarted = new SplitInForce(new ShamirParameters(3, 5));
    StoredSplit.apply(
        new ClusterState.SplitMeta(store.loadShardCommitments(), store.loadKeyGenerations()),
        restarted);
    assertThat(restarted.rekeying()).isTrue();
    assertThat(restarted.thresholds()).containsExactly(3, 2);
    List<Shard> heldNow = new ArrayList<>();
    for (int p = 1; p <= 5; p++) {
      heldNow.add(held(p));
    }
    try (RootKey back =
        RekeyDelivery.recover(
                heldNow, restarted.current().orElseThrow(), restarted.next().orElseThrow())
            .orElseThrow()) {
      assertThat(back.equalsSecret(key)).isTrue();
    }
    heldNow.forEach(Shard::close);

    // a rotation waits for the rekey
    RotationDriver rotation =
        new RotationDriver(keepers, split::parameters, (c, o) -> store, RANDOM, 16, () -> {});
    assertThatThrownBy(() -> rotation.rotate(store, key))
        .isInstanceOf(RotationInProgressException.class)
        .hasMessageContaining("rekey to threshold 3 is unfinished");
    assertThatThrownBy(() -> driver.rekey(store, key, driver.plan(3, 5)))
        .isInstanceOf(RotationInProgressException.class)
        .hasMessageContaining("unfinished");

    keepers.down.clear();
    RekeyDriver afterRestart = new RekeyDriver(keepers, restarted);
    afterRestart.resume(store, key);
    assertThat(record().flatMap(KeyGenerations::rekey).map(Rekey::phase))
        .contains(RotationPhase.DONE);
    assertThat(restarted.rekeying()).isFalse();
    assertThat(restarted.threshold()).isEqualTo(3);
    for (int p = 1; p <= 5; p++) {
      try (Shard s = held(p)) {
        assertThat(FeldmanCommitments.of(key, 3).matches(s)).isTrue();
      }
    }
    // the store activates as before: the record names the same generation's key
    assertThat(record().orElseThrow().generationOf(KeyCheckValue.of(key).toBytes())).contains(1);
  }
}
