package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class QuorumSearchPropertiesTest {
  static List<Shard> shards(int m) throws Exception {
    List<Shard> out = new ArrayList<>();
    for (int i = 1; i <= m; i++) {
      byte[] v = new byte[32];
      v[31] = (byte) i;
      out.add(Shard.of(i, SecretBytes.copyOf(v, InsecureSecretAccess.get())));
    }
    return out;
  }

  static long binomial(int n, int k) {
    long r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return r;
  }

  @Property(tries = 200)
  void search_nothingAccepted_triesEverySubsetWithTheNewestShardExactlyOnce(
      @ForAll @IntRange(min = 1, max = 8) int m,
      @ForAll @IntRange(min = 1, max = 8) int t,
      @ForAll @IntRange(min = 0, max = 7) int newest)
      throws Exception {
    int threshold = Math.min(t, m);
    int must = newest % m;
    List<Shard> held = shards(m);
    List<Set<Integer>> seen = new ArrayList<>();
    QuorumSearch.Outcome o =
        QuorumSearch.search(
            held,
            threshold,
            must,
            10_000,
            subset -> {
              Set<Integer> ids = new TreeSet<>();
              subset.forEach(s -> ids.add(s.index()));
              seen.add(ids);
              return false;
            });
    assertThat(o.found()).isFalse();
    assertThat(o.truncated()).isFalse();
    assertThat((long) o.tried()).isEqualTo(binomial(m - 1, threshold - 1));
    assertThat(seen).hasSize(o.tried()).doesNotHaveDuplicates();
    for (Set<Integer> s : seen) {
      assertThat(s).hasSize(threshold).contains(must + 1);
    }
  }

  @Property(tries = 200)
  void search_exactlyOneGoodSubset_findsItAndReportsItsIndexes(
      @ForAll @IntRange(min = 2, max = 8) int m,
      @ForAll @IntRange(min = 1, max = 8) int t,
      @ForAll long seed)
      throws Exception {
    int threshold = Math.min(t, m);
    List<Shard> held = shards(m);
    java.util.Random random = new java.util.Random(seed);
    int must = random.nextInt(m);
    // A good subset: the newest plus threshold-1 others picked at random.
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      if (i != must) {
        others.add(i + 1);
      }
    }
    java.util.Collections.shuffle(others, random);
    Set<Integer> good = new TreeSet<>(others.subList(0, threshold - 1));
    good.add(must + 1);
    QuorumSearch.Outcome o =
        QuorumSearch.search(
            held,
            threshold,
            must,
            10_000,
            subset -> {
              Set<Integer> ids = new HashSet<>();
              subset.forEach(s -> ids.add(s.index()));
              return ids.equals(good);
            });
    assertThat(o.found()).isTrue();
    assertThat(o.used()).containsExactlyElementsOf(good);
  }

  @Example
  void search_boundReached_stopsAndSaysTruncated() throws Exception {
    int[] calls = {0};
    QuorumSearch.Outcome o =
        QuorumSearch.search(
            shards(8),
            3,
            7,
            5,
            subset -> {
              calls[0]++;
              return false;
            });
    assertThat(calls[0]).isEqualTo(5);
    assertThat(o.tried()).isEqualTo(5);
    assertThat(o.truncated()).isTrue();
  }

  @Example
  void search_thresholdAboveShardCount_isRefused() {
    assertThatThrownBy(() -> QuorumSearch.search(shards(2), 3, 0, 5, s -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threshold must be between 1 and 2");
  }
}
