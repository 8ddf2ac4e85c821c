package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A rekey crashed after any number of deliveries (real split, real commitments): the Keepers hold
 * old shards, new shards and nothing in the positions {@link RekeyDelivery#order} leaves them in;
 * {@link RekeyDelivery#recover} must give back the same root key whenever {@link
 * RekeyDelivery#keepsQuorum} promised it, and the promise must be exact when the threshold changes.
 */
class RekeyDeliveryPropertiesTest {

  @Property(tries = 50)
  void everyCrashPointKeepsAQuorumWhenPromised(
      @ForAll @IntRange(min = 1, max = 4) int oldT,
      @ForAll @IntRange(min = 0, max = 3) int oldExtra,
      @ForAll @IntRange(min = 1, max = 5) int newT,
      @ForAll @IntRange(min = 0, max = 3) int newExtra,
      @ForAll long seed)
      throws Exception {
    ShamirParameters from = new ShamirParameters(oldT, oldT + oldExtra);
    ShamirParameters to = new ShamirParameters(newT, newT + newExtra);
    try (RootKey key = RootKey.generate(seeded(seed))) {
      List<Shard> oldShards = Shamir.split(key, from);
      List<Shard> newShards = Shamir.split(key, to);
      FeldmanCommitments oldC = FeldmanCommitments.of(key, oldT);
      FeldmanCommitments newC = FeldmanCommitments.of(key, newT);
      Shard[] keepers = new Shard[to.shares()];
      for (int p = 1; p <= Math.min(from.shares(), to.shares()); p++) {
        keepers[p - 1] = oldShards.get(p - 1);
      }
      List<Integer> order = RekeyDelivery.order(from, to);
      boolean everyPointRecovers = recovers(keepers, oldC, newC, key);
      for (int position : order) {
        keepers[position - 1] = newShards.get(position - 1);
        everyPointRecovers &= recovers(keepers, oldC, newC, key);
      }

      if (RekeyDelivery.keepsQuorum(from, to)) {
        assertThat(everyPointRecovers).as("%s -> %s promised a quorum", from, to).isTrue();
      } else if (oldT != newT) {
        assertThat(everyPointRecovers).as("%s -> %s has a gap", from, to).isFalse();
      }
      // once delivered, the new split alone rebuilds the key
      assertThat(newShards.stream().filter(newC::matches).count()).isEqualTo(to.shares());
      if (oldT != newT) {
        // and no old recovery file passes the new commitments (the refusal a restore relies on)
        assertThat(oldShards.stream().noneMatch(newC::matches)).isTrue();
      }
      oldShards.forEach(Shard::close);
      newShards.forEach(Shard::close);
    }
  }

  @Property(tries = 50)
  void orderVisitsEveryConfiguredKeeperOnceNewPositionsFirst(
      @ForAll @IntRange(min = 1, max = 10) int oldN,
      @ForAll @IntRange(min = 1, max = 10) int newN) {
    List<Integer> order =
        RekeyDelivery.order(new ShamirParameters(1, oldN), new ShamirParameters(1, newN));
    assertThat(order)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, newN).boxed().toList());
    int firstOld = order.indexOf(1);
    assertThat(order.subList(0, firstOld)).allMatch(p -> p > oldN);
  }

  @Test
  void twoOfThreeToThreeOfFive_keepsAQuorumAtEveryStep() {
    assertThat(RekeyDelivery.keepsQuorum(new ShamirParameters(2, 3), new ShamirParameters(3, 5)))
        .isTrue();
    assertThat(RekeyDelivery.order(new ShamirParameters(2, 3), new ShamirParameters(3, 5)))
        .containsExactly(4, 5, 1, 2, 3);
    // 3-of-3 to 3-of-4 over a new polynomial cannot: the operator's files bridge the gap
    assertThat(RekeyDelivery.keepsQuorum(new ShamirParameters(3, 3), new ShamirParameters(4, 4)))
        .isFalse();
  }

  @Property(tries = 20)
  void fewerThanAThresholdOfEitherSplitRecoversNothing(@ForAll long seed) throws Exception {
    try (RootKey key = RootKey.generate(seeded(seed))) {
      List<Shard> oldShards = Shamir.split(key, new ShamirParameters(2, 3));
      List<Shard> newShards = Shamir.split(key, new ShamirParameters(3, 5));
      // one old and two new: neither split has its threshold
      List<Shard> held = List.of(oldShards.get(2), newShards.get(0), newShards.get(1));
      assertThat(
              RekeyDelivery.recover(
                  held, FeldmanCommitments.of(key, 2), FeldmanCommitments.of(key, 3)))
          .isEmpty();
      oldShards.forEach(Shard::close);
      newShards.forEach(Shard::close);
    }
  }

  private static boolean recovers(
      Shard[] keepers, FeldmanCommitments oldC, FeldmanCommitments newC, RootKey expected) {
    List<Shard> held = new ArrayList<>();
    for (Shard s : keepers) {
      if (s != null) {
        held.add(s);
      }
    }
    Optional<RootKey> got = RekeyDelivery.recover(held, oldC, newC);
    if (got.isEmpty()) {
      return false;
    }
    try (RootKey k = got.get()) {
      assertThat(k.equalsSecret(expected)).as("a recovered key is the root key").isTrue();
      return true;
    }
  }

  private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return Objects.requireNonNull(r);
  }
}
