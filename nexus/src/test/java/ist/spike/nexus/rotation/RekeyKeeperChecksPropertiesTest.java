package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperRehydrator;
import ist.spike.nexus.rootkey.KeeperShard;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The Keeper checks during a stopped rekey (ADR-0230), as a state machine over real splits: a
 * delivery stopped after any number of Keepers, any set of Keepers restarted empty, then a check
 * round by the real {@link KeeperRehydrator}. The round must never change a Keeper holding a shard
 * of either split, must give every empty Keeper its shard of the new split, and so can only add
 * holders: whenever the Keepers rebuilt the key before the round (without the restarted ones) they
 * rebuild it after, and resuming the delivery from there ends with every Keeper on the new split.
 */
class RekeyKeeperChecksPropertiesTest {

  /** Keepers as an array of held shards (null: empty), the way the check sees them. */
  static final class ArrayKeepers implements KeeperGateway {
    final Shard[] held;
    int contributions;

    ArrayKeepers(int size) {
      held = new Shard[size];
    }

    @Override
    public int size() {
      return held.length;
    }

    @Override
    public String describe(int position) {
      return "keeper-" + position;
    }

    @Override
    public Optional<KeeperShard> fetch(int position) {
      Shard s = held[position - 1];
      return s == null
          ? Optional.empty()
          : Optional.of(new KeeperShard(position, OptionalInt.of(s.index()), copy(s)));
    }

    @Override
    public void contribute(int position, Shard shard) throws KeeperUnavailableException {
      contributions++;
      held[position - 1] = copy(shard);
    }

    @Override
    public void contribute(int position, Shard shard, FeldmanCommitments c)
        throws KeeperUnavailableException {
      assertThat(c.matches(shard)).as("a Keeper refuses a shard off its commitments").isTrue();
      contribute(position, shard);
    }
  }

  @Property(tries = 20)
  void checkRoundDuringAStoppedRekey_onlyFillsEmptyKeepersWithTheNewSplit(
      @ForAll @IntRange(min = 1, max = 3) int oldT,
      @ForAll @IntRange(min = 1, max = 4) int newT,
      @ForAll @IntRange(min = 0, max = 2) int extra,
      @ForAll @IntRange(min = 0, max = 6) int stoppedAfter,
      @ForAll @Size(max = 3) Set<@IntRange(min = 1, max = 6) Integer> restarted)
      throws Exception {
    int n = Math.max(oldT, newT) + extra;
    ShamirParameters from = new ShamirParameters(oldT, n);
    ShamirParameters to = new ShamirParameters(newT, n);
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      FeldmanCommitments oldC = FeldmanCommitments.of(key, oldT);
      FeldmanCommitments newC = FeldmanCommitments.of(key, newT);
      List<Shard> oldShards = Shamir.split(key, from);
      List<Shard> newShards = Shamir.split(key, to);
      ArrayKeepers keepers = new ArrayKeepers(n);
      for (int p = 1; p <= n; p++) {
        keepers.held[p - 1] = oldShards.get(p - 1);
      }
      List<Integer> order = RekeyDelivery.order(from, to);
      int delivered = Math.min(stoppedAfter, order.size());
      for (int i = 0; i < delivered; i++) {
        int p = order.get(i);
        keepers.held[p - 1] = newShards.get(p - 1);
      }
      for (int p : restarted) {
        if (p <= n) {
          keepers.held[p - 1] = null;
        }
      }
      Shard[] before = keepers.held.clone();
      boolean recoveredBefore = recovers(before, oldC, newC, key);

      SplitInForce split = new SplitInForce(to);
      split.update(Optional.of(oldC), Optional.of(newC), true);
      try (RootKeyCustody custody = new RootKeyCustody(split, k -> {})) {
        custody.install(RootKeyCopies.copy(key), "test");
        new KeeperRehydrator(keepers, custody).run();
      }

      int empty = 0;
      for (int p = 1; p <= n; p++) {
        if (before[p - 1] == null) {
          empty++;
          assertThat(keepers.held[p - 1]).as("empty keeper %d filled", p).isNotNull();
          assertThat(keepers.held[p - 1].index()).isEqualTo(p);
          assertThat(newC.matches(keepers.held[p - 1])).as("with the new split").isTrue();
        } else {
          assertThat(keepers.held[p - 1]).as("keeper %d left alone", p).isSameAs(before[p - 1]);
        }
      }
      assertThat(keepers.contributions).isEqualTo(empty);
      if (recoveredBefore) {
        assertThat(recovers(keepers.held, oldC, newC, key)).isTrue();
      }
      // the resumed delivery (in order, from the start) ends with every Keeper on the new split
      for (int p : order) {
        keepers.held[p - 1] = newShards.get(p - 1);
      }
      assertThat(recovers(keepers.held, newC, newC, key)).isTrue();
      oldShards.forEach(Shard::close);
      newShards.forEach(Shard::close);
    }
  }

  private static boolean recovers(
      Shard[] held, FeldmanCommitments oldC, FeldmanCommitments newC, RootKey expected) {
    List<Shard> present = new ArrayList<>();
    for (Shard s : held) {
      if (s != null) {
        present.add(s);
      }
    }
    Optional<RootKey> got = RekeyDelivery.recover(present, oldC, newC);
    if (got.isEmpty()) {
      return false;
    }
    try (RootKey k = got.get()) {
      assertThat(k.equalsSecret(expected)).isTrue();
      return true;
    }
  }

  private static Shard copy(Shard s) {
    try (SecretBytes b =
        SecretBytes.copyOf(s.revealValue(InsecureSecretAccess.get()), InsecureSecretAccess.get())) {
      return Shard.of(s.index(), b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
