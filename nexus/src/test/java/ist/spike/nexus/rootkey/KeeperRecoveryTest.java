package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.client.Backoff;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeeperRecoveryTest {
  final SecureRandom random = new SecureRandom();
  final FakeKeepers keepers = new FakeKeepers(3);
  final FakeData data = new FakeData();
  final RootKeyCustody custody = FakeData.custody(data, 2, 3);
  final List<Long> sleeps = new ArrayList<>();

  KeeperRecovery recovery() {
    return new KeeperRecovery(
        keepers,
        custody,
        Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(60), 2.0, 0.0),
        sleeps::add);
  }

  RootKey seedKeepers(boolean withIndex) throws Exception {
    RootKey key = RootKey.generate(random);
    for (Shard s : Shamir.split(key, ShamirParameters.of(2, 3))) {
      keepers.values.put(s.index(), s.revealValue(InsecureSecretAccess.get()));
      if (withIndex) {
        keepers.indexes.put(s.index(), s.index());
      }
      s.close();
    }
    return key;
  }

  boolean installedKeyEquals(RootKey expected) {
    return custody.withKey(k -> k.equalsSecret(expected)).orElse(false);
  }

  @Test
  void run_keepersHoldShards_installsTheKeyInOneRound() throws Exception {
    RootKey key = seedKeepers(false);
    recovery().run();
    assertThat(installedKeyEquals(key)).isTrue();
    assertThat(sleeps).isEmpty();
    assertThat(data.stored).isPresent();
  }

  @Test
  void attemptOnce_thresholdOfKeepers_askedAtOnceNotOneAfterTheOther() throws Exception {
    RootKey key = seedKeepers(true);
    keepers.down.add(3);
    // each of the first two fetches waits until the other has started: asked one after the other,
    // the first would wait out the latch and fail, and with the third down the round would end
    // below the threshold
    CountDownLatch bothAsked = new CountDownLatch(2);
    KeeperGateway concurrent =
        new KeeperGateway() {
          @Override
          public int size() {
            return keepers.size();
          }

          @Override
          public String describe(int position) {
            return keepers.describe(position);
          }

          @Override
          public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
            if (position <= 2) {
              bothAsked.countDown();
              try {
                if (!bothAsked.await(5, TimeUnit.SECONDS)) {
                  throw new KeeperUnavailableException("keeper " + position + " asked alone");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeeperUnavailableException("interrupted");
              }
            }
            return keepers.fetch(position);
          }

          @Override
          public void contribute(int position, Shard shard) throws KeeperUnavailableException {
            keepers.contribute(position, shard);
          }
        };
    KeeperRecovery recovery =
        new KeeperRecovery(
            concurrent,
            custody,
            Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(60), 2.0, 0.0),
            sleeps::add);

    assertThat(recovery.attemptOnce(new TreeMap<>())).isTrue();
    assertThat(installedKeyEquals(key)).isTrue();
    assertThat(keepers.fetches).as("the third Keeper is not asked").isEqualTo(2);
  }

  @Test
  void run_storeFailsWhileActivating_keepsPollingAndInstallsOnceTheStoreWorks() throws Exception {
    RootKey key = seedKeepers(true);
    data.unreachableFor = 2;

    recovery().run();

    assertThat(installedKeyEquals(key)).isTrue();
    assertThat(sleeps).hasSize(2);
    assertThat(data.activations).isEqualTo(1);
  }

  @Test
  void attemptOnce_oneKeeperDown_stillReachesThreshold() throws Exception {
    RootKey key = seedKeepers(true);
    keepers.down.add(1);
    assertThat(recovery().attemptOnce(new TreeMap<>())).isTrue();
    assertThat(installedKeyEquals(key)).isTrue();
  }

  @Test
  void attemptOnce_belowThreshold_keepsCollectedShardsForTheNextRound() throws Exception {
    RootKey key = seedKeepers(true);
    keepers.down.add(2);
    keepers.down.add(3);
    TreeMap<Integer, Shard> collected = new TreeMap<>();
    KeeperRecovery r = recovery();
    assertThat(r.attemptOnce(collected)).isFalse();
    assertThat(collected).containsOnlyKeys(1);
    keepers.down.clear();
    keepers.values.remove(1);
    assertThat(r.attemptOnce(collected)).isTrue();
    assertThat(installedKeyEquals(key)).isTrue();
  }

  @Test
  void attemptOnce_reorderedKeeperList_usesTheStoredIndexAndGetsTheRightKey() throws Exception {
    RootKey key = seedKeepers(true);
    byte[] v1 = keepers.values.get(1);
    keepers.values.put(1, keepers.values.get(3));
    keepers.values.put(3, v1);
    keepers.indexes.put(1, 3);
    keepers.indexes.put(3, 1);
    data.stored = Optional.of(KeyCheckValue.of(key));
    assertThat(recovery().attemptOnce(new TreeMap<>())).isTrue();
    assertThat(installedKeyEquals(key)).isTrue();
  }

  @Test
  void attemptOnce_keyCheckMismatch_staysNotReadyAndWritesNothing() throws Exception {
    seedKeepers(false);
    RootKey other = RootKey.generate(random);
    KeyCheckValue stored = KeyCheckValue.of(other);
    data.stored = Optional.of(stored);
    TreeMap<Integer, Shard> collected = new TreeMap<>();
    assertThat(recovery().attemptOnce(collected)).isFalse();
    assertThat(custody.isReady()).isFalse();
    assertThat(collected).isEmpty();
    assertThat(data.activations).isZero();
    assertThat(data.stored).contains(stored);
  }

  @Test
  void run_emptyKeepersThenRestore_stopsPollingOnceTheKeyIsInstalled() throws Exception {
    RootKey restored = RootKey.generate(random);
    List<Long> waits = new ArrayList<>();
    KeeperRecovery r =
        new KeeperRecovery(
            keepers,
            custody,
            Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(60), 2.0, 0.0),
            ms -> {
              waits.add(ms);
              if (waits.size() == 3) {
                try {
                  custody.install(
                      RootKey.of(
                          ist.spike.crypto.SecretBytes.copyOf(
                              restored.revealBytes(InsecureSecretAccess.get()),
                              InsecureSecretAccess.get())),
                      "operator restore");
                } catch (java.security.GeneralSecurityException e) {
                  throw new AssertionError(e);
                }
              }
            });
    r.run();
    assertThat(waits).containsExactly(500L, 1000L, 2000L);
    assertThat(installedKeyEquals(restored)).isTrue();
  }

  @Test
  void attemptOnce_firstKeeperHoldsAWrongShard_outvotesItWithTheOtherTwo() throws Exception {
    RootKey key = seedKeepers(true);
    data.stored = Optional.of(KeyCheckValue.of(key));
    byte[] wrong = new byte[32];
    random.nextBytes(wrong);
    wrong[0] = 0x01;
    keepers.values.put(1, wrong);
    TreeMap<Integer, Shard> collected = new TreeMap<>();
    assertThat(recovery().attemptOnce(collected)).isTrue();
    assertThat(installedKeyEquals(key)).isTrue();
    assertThat(keepers.fetches).isEqualTo(3);
    assertThat(data.activations).isEqualTo(1);
    assertThat(collected).isEmpty();
  }

  @Test
  void attemptOnce_twoOfThreeWrong_refusesEverySetAndDiscardsTheShards() throws Exception {
    RootKey key = seedKeepers(true);
    data.stored = Optional.of(KeyCheckValue.of(key));
    for (int position : List.of(1, 3)) {
      byte[] wrong = new byte[32];
      random.nextBytes(wrong);
      wrong[0] = 0x01;
      keepers.values.put(position, wrong);
    }
    TreeMap<Integer, Shard> collected = new TreeMap<>();
    assertThat(recovery().attemptOnce(collected)).isFalse();
    assertThat(custody.isReady()).isFalse();
    assertThat(collected).as("refused shards are not kept for the next round").isEmpty();
    assertThat(data.activations).isZero();
  }
}
