package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.Backoff;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Nexus restarted with another threshold serves the stored split until a rekey (ADR-0163): Keeper
 * recovery, the Keeper checks and restore use the stored threshold.
 */
class SplitInForceTest {
  final SecureRandom random = new SecureRandom();
  final RootKey key = RootKey.generate(random);
  final FakeData data = new FakeData();
  // restarted for 5 Keepers, 3-of-5, over a store split 2-of-3
  final SplitInForce split = new SplitInForce(new ShamirParameters(3, 5));
  final RootKeyCustody custody = new RootKeyCustody(split, data);
  final FakeKeepers keepers = new FakeKeepers(5);

  @AfterEach
  void close() {
    custody.close();
    key.close();
  }

  void seed(ShamirParameters p, int... positions) {
    List<Shard> shards = Shamir.split(key, p);
    for (int position : positions) {
      keepers.values.put(
          position, shards.get(position - 1).revealValue(InsecureSecretAccess.get()));
      keepers.indexes.put(position, position);
    }
    shards.forEach(Shard::close);
  }

  KeeperRecovery recovery() {
    return new KeeperRecovery(
        keepers,
        custody,
        Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 2.0, 0.0),
        ms -> {});
  }

  boolean installed() {
    return custody.withKey(k -> k.equalsSecret(key)).orElse(false);
  }

  @Test
  void parameters_followTheStoredCommitmentsNotTheConfiguration() {
    assertThat(split.parameters()).isEqualTo(new ShamirParameters(3, 5));
    split.update(Optional.of(FeldmanCommitments.of(key, 2)), Optional.empty(), false);
    assertThat(split.parameters()).isEqualTo(new ShamirParameters(2, 5));
    assertThat(split.thresholds()).containsExactly(2);
    assertThat(split.restoreThreshold()).isEqualTo(2);
    assertThat(custody.parameters().threshold()).isEqualTo(2);
  }

  @Test
  void restartWithAHigherThreshold_recoversFromTwoOldShardsAndFillsNewKeepersWithTheOldSplit()
      throws Exception {
    data.activate(key); // the store's key-check value
    split.update(Optional.of(FeldmanCommitments.of(key, 2)), Optional.empty(), false);
    seed(new ShamirParameters(2, 3), 1, 2); // Keeper 3 lost, 4 and 5 new
    recovery().run();
    assertThat(installed()).isTrue();

    new KeeperRehydrator(keepers, custody).run();

    FeldmanCommitments old = FeldmanCommitments.of(key, 2);
    for (int position = 1; position <= 5; position++) {
      assertThat(keepers.commitments.getOrDefault(position, old)).isEqualTo(old);
      try (Shard held = keepers.fetch(position).orElseThrow().shard()) {
        assertThat(old.matches(held)).as("keeper %d holds the old split", position).isTrue();
      }
    }
  }

  @Test
  void keeperChecks_duringAnUnfinishedRekey_fillEmptyOrWrongKeepersWithTheNewSplitOnly()
      throws Exception {
    data.activate(key);
    FeldmanCommitments old = FeldmanCommitments.of(key, 2);
    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    split.update(Optional.of(old), Optional.of(next), true);
    custody.install(RootKeyCopy.of(key), "test");
    seed(new ShamirParameters(2, 5), 1, 2); // not yet delivered
    seed(new ShamirParameters(3, 5), 4, 5); // delivered so far
    keepers.values.put(3, new byte[32]); // restarted and given junk, or damaged
    keepers.values.get(3)[31] = 7;
    keepers.indexes.put(3, 3);
    Map<Integer, byte[]> before = new HashMap<>(keepers.values);

    new KeeperRehydrator(keepers, custody).run();

    // only position 3 (a shard of neither split) is repaired, with the new split's shard
    assertThat(keepers.contributions).isEqualTo(1);
    assertThat(keepers.commitments.get(3)).isEqualTo(next);
    for (int p : new int[] {1, 2, 4, 5}) {
      assertThat(keepers.values.get(p)).as("keeper %d left alone", p).isEqualTo(before.get(p));
    }
    try (Shard three =
        Shard.of(3, SecretBytes.copyOf(keepers.values.get(3), InsecureSecretAccess.get()))) {
      assertThat(next.matches(three)).isTrue();
    }
    keepers.values.remove(2); // Keeper 2 restarted empty
    new KeeperRehydrator(keepers, custody).run();
    assertThat(keepers.contributions).isEqualTo(2);
    assertThat(keepers.commitments.get(2)).isEqualTo(next);
    assertThat(keepers.values.get(1)).as("old shard of keeper 1 kept").isEqualTo(before.get(1));
  }

  @Test
  void recovery_duringARekey_rebuildsFromWhicheverSplitHasItsThreshold() throws Exception {
    data.activate(key);
    split.update(
        Optional.of(FeldmanCommitments.of(key, 2)),
        Optional.of(FeldmanCommitments.of(key, 3)),
        true);
    seed(new ShamirParameters(2, 5), 1, 2, 3);
    seed(new ShamirParameters(3, 5), 4, 5); // two new shards: not a new quorum
    keepers.down.add(1); // one old shard left among the old ones... plus 2 and 3
    recovery().run();
    assertThat(installed()).isTrue();
  }

  @Test
  void refusal_onlyWhenARekeyIsRecorded_andBothSplitsCountUntilItIsDone() {
    FeldmanCommitments old = FeldmanCommitments.of(key, 2);
    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    List<Shard> oldShards = Shamir.split(key, new ShamirParameters(2, 3));
    List<Shard> newShards = Shamir.split(key, new ShamirParameters(3, 5));
    try {
      split.update(Optional.of(old), Optional.empty(), false);
      assertThat(split.refusal(newShards.get(0))).isEmpty(); // no rekey: the key check decides

      split.update(Optional.of(old), Optional.of(next), true);
      assertThat(split.refusal(oldShards.get(0))).isEmpty();
      assertThat(split.refusal(newShards.get(0))).isEmpty();
      assertThat(split.restoreThreshold()).isEqualTo(3);
      assertThat(split.thresholds()).containsExactly(3, 2);

      split.update(Optional.of(next), Optional.empty(), true);
      assertThat(split.refusal(newShards.get(4))).isEmpty();
      assertThat(split.refusal(oldShards.get(1)))
          .contains(
              "this recovery shard does not match the current split (threshold 3): it predates a"
                  + " rekey or is damaged; use the files from `spike operator recover` run after"
                  + " the rekey");
    } finally {
      oldShards.forEach(Shard::close);
      newShards.forEach(Shard::close);
    }
  }

  @Test
  void update_refusesANewSplitWithoutTheOneItReplaces() {
    assertThatThrownBy(
            () -> split.update(Optional.empty(), Optional.of(FeldmanCommitments.of(key, 3)), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoreSession_refusedShardLeavesTheCollectionAndTakesTheThresholdOfTheSplit()
      throws Exception {
    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    split.update(Optional.of(next), Optional.empty(), true);
    List<List<Shard>> rebuilt = new ArrayList<>();
    RestoreSession<Shard> session =
        new RestoreSession<>(
            split::restoreThreshold,
            split::refusal,
            Duration.ofMinutes(1),
            Clock.systemUTC(),
            Shard::index,
            Shard::close,
            () -> false,
            rebuilt::add);
    List<Shard> oldShards = Shamir.split(key, new ShamirParameters(2, 3));
    List<Shard> newShards = Shamir.split(key, new ShamirParameters(3, 5));
    session.submit(newShards.get(0));
    assertThatThrownBy(() -> session.submit(oldShards.get(1)))
        .isInstanceOf(RestoreRefusedException.class)
        .hasMessageContaining("predates a rekey");
    assertThat(session.progress().collected()).isEqualTo(1);
    assertThat(session.progress().remaining()).isEqualTo(2);
    session.submit(newShards.get(1));
    session.submit(newShards.get(2));
    assertThat(rebuilt).hasSize(1);
    assertThat(rebuilt.get(0)).extracting(Shard::index).containsExactly(1, 2, 3);
    oldShards.forEach(Shard::close);
    newShards.forEach(Shard::close);
  }

  /** A copy the custody may own and zero. */
  static final class RootKeyCopy {
    static RootKey of(RootKey key) throws Exception {
      return RootKey.of(
          ist.spike.crypto.SecretBytes.takeOwnership(key.revealBytes(InsecureSecretAccess.get())));
    }
  }
}
