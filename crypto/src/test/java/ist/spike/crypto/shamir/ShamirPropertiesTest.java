package ist.spike.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.ShamirSchemes.Scheme;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ShamirPropertiesTest {
  @Provide
  Arbitrary<Scheme> schemes() {
    return ShamirSchemes.upTo(7);
  }

  private static List<List<Integer>> subsets(int n, int k) {
    List<List<Integer>> out = new ArrayList<>();
    collect(0, n, k, new ArrayList<>(), out);
    return out;
  }

  private static void collect(int from, int n, int k, List<Integer> cur, List<List<Integer>> out) {
    if (cur.size() == k) {
      out.add(List.copyOf(cur));
      return;
    }
    for (int i = from; i < n; i++) {
      cur.add(i);
      collect(i + 1, n, k, cur, out);
      cur.remove(cur.size() - 1);
    }
  }

  @Property(tries = 40)
  void recover_everyThresholdSubset_recoversKey(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(s.threshold(), s.shares()));
      for (List<Integer> subset : subsets(s.shares(), s.threshold())) {
        List<Shard> chosen = subset.stream().map(shards::get).toList();
        try (RootKey recovered = Shamir.recover(chosen, s.threshold())) {
          assertThat(recovered.equalsSecret(key)).as("subset %s", subset).isTrue();
        }
      }
    }
  }

  @Property(tries = 40)
  void recover_thresholdMinusOnePlusWrongShard_neverRecoversKey(@ForAll("schemes") Scheme s)
      throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(s.threshold(), s.shares()));
      List<Shard> chosen = new ArrayList<>(shards.subList(0, s.threshold() - 1));
      // A share with a fresh index whose value is off by one from the true f(index).
      int index = s.shares() + 1;
      byte[] wrong =
          Shamir.toFixed32(
              new java.math.BigInteger(
                      1, Shamir.evaluate(Shamir.coefficients(key, s.threshold()), index))
                  .add(java.math.BigInteger.ONE)
                  .mod(ist.spike.crypto.internal.P256.ORDER));
      if (ist.spike.crypto.internal.ConstantTime.isZero(wrong)) {
        return;
      }
      chosen.add(Shard.ofRaw(index, wrong));
      Collections.shuffle(chosen, new Random(s.seed()));
      try (RootKey recovered = Shamir.recover(chosen, s.threshold())) {
        assertThat(recovered.equalsSecret(key)).isFalse();
      } catch (InvalidRootKeyException e) {
        // interpolated to zero: also not the key
      }
    }
  }

  @Property(tries = 30)
  void split_isDeterministic(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      ShamirParameters p = ShamirParameters.of(s.threshold(), s.shares());
      List<Shard> a = Shamir.split(key, p);
      List<Shard> b = Shamir.split(key, p);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i).equalsSecret(b.get(i))).isTrue();
        assertThat(a.get(i).index()).isEqualTo(i + 1);
      }
    }
  }

  @Property(tries = 30)
  void recover_ignoresOrder(@ForAll("schemes") Scheme s, @ForAll long shuffleSeed)
      throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      List<Shard> shards =
          new ArrayList<>(Shamir.split(key, ShamirParameters.of(s.threshold(), s.shares())));
      Collections.shuffle(shards, new Random(shuffleSeed));
      try (RootKey recovered = Shamir.recover(shards.subList(0, s.threshold()), s.threshold())) {
        assertThat(recovered.equalsSecret(key)).isTrue();
      }
    }
  }

  @Property(tries = 20)
  void recoveryLine_roundTrip(@ForAll("schemes") Scheme s) throws Exception {
    try (RootKey key = ShamirSchemes.key(s.seed())) {
      for (Shard shard : Shamir.split(key, ShamirParameters.of(s.threshold(), s.shares()))) {
        byte[] line = RecoveryLine.format(shard, InsecureSecretAccess.get());
        try (Shard parsed = RecoveryLine.parse(line)) {
          assertThat(parsed.equalsSecret(shard)).isTrue();
        }
      }
    }
  }
}
