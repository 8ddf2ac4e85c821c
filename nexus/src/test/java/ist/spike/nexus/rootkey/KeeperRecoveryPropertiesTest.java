package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.client.Backoff;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KeeperRecoveryPropertiesTest {
  @Property(tries = 60)
  void attemptOnce_anyPermutationAndAnyThresholdOfLiveKeepers_rebuildsTheKey(
      @ForAll @IntRange(min = 1, max = 5) int threshold,
      @ForAll @IntRange(min = 0, max = 3) int extra,
      @ForAll long seed)
      throws Exception {
    int shares = threshold + extra;
    Random random = new Random(seed);
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    raw[0] = 0x11;
    RootKey key = RootKey.of(SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
    List<Shard> shards = Shamir.split(key, ShamirParameters.of(threshold, shares));
    FakeKeepers keepers = new FakeKeepers(shares);
    List<Integer> positions = new ArrayList<>();
    for (int i = 1; i <= shares; i++) {
      positions.add(i);
    }
    Collections.shuffle(positions, random);
    for (int i = 0; i < shares; i++) {
      // Shard i+1 sits at a shuffled position and remembers its index.
      int position = positions.get(i);
      keepers.values.put(position, shards.get(i).revealValue(InsecureSecretAccess.get()));
      keepers.indexes.put(position, shards.get(i).index());
    }
    for (int down = 0; down < extra; down++) {
      keepers.down.add(positions.get(down));
    }
    FakeData data = new FakeData();
    RootKeyCustody custody = FakeData.custody(data, threshold, shares);
    KeeperRecovery recovery =
        new KeeperRecovery(
            keepers,
            custody,
            Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0),
            ms -> {});
    assertThat(recovery.attemptOnce(new TreeMap<>())).isTrue();
    assertThat(custody.withKey(k -> k.equalsSecret(key))).contains(true);
    custody.close();
  }

  @Property(tries = 80)
  void attemptOnce_someKeepersHoldWrongShards_installsTheRightKeyIffAThresholdOfGoodOnesIsUp(
      @ForAll @IntRange(min = 1, max = 4) int threshold,
      @ForAll @IntRange(min = 0, max = 3) int extra,
      @ForAll long seed)
      throws Exception {
    int shares = threshold + extra;
    Random random = new Random(seed);
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    raw[0] = 0x11;
    RootKey key = RootKey.of(SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
    List<Shard> shards = Shamir.split(key, ShamirParameters.of(threshold, shares));
    FakeKeepers keepers = new FakeKeepers(shares);
    int goodAndUp = 0;
    for (Shard s : shards) {
      int position = s.index();
      int kind = random.nextInt(3); // 0 good, 1 wrong value, 2 down
      byte[] value = s.revealValue(InsecureSecretAccess.get());
      if (kind == 1) {
        random.nextBytes(value);
        value[0] = 0x22; // below the group order, so a valid but wrong share
      }
      keepers.values.put(position, value);
      keepers.indexes.put(position, position);
      if (kind == 2) {
        keepers.down.add(position);
      }
      if (kind == 0) {
        goodAndUp++;
      }
    }
    FakeData data = new FakeData();
    data.stored = java.util.Optional.of(ist.spike.crypto.KeyCheckValue.of(key));
    RootKeyCustody custody = FakeData.custody(data, threshold, shares);
    KeeperRecovery recovery =
        new KeeperRecovery(
            keepers,
            custody,
            Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0),
            ms -> {});
    TreeMap<Integer, Shard> collected = new TreeMap<>();
    boolean installed = recovery.attemptOnce(collected);
    assertThat(installed).isEqualTo(goodAndUp >= threshold);
    assertThat(custody.isReady()).isEqualTo(goodAndUp >= threshold);
    if (installed) {
      assertThat(custody.withKey(k -> k.equalsSecret(key))).contains(true);
    }
    assertThat(data.activations).isEqualTo(installed ? 1 : 0);
    custody.close();
  }
}
