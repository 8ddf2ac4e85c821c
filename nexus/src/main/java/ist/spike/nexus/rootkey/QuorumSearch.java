package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.Shard;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a threshold-sized subset of the collected shards that rebuilds the right root key, so one
 * Keeper holding a wrong shard no longer keeps Nexus down while a threshold of good Keepers is up.
 *
 * <p>Collection is incremental: each time a new shard arrives, only the subsets that contain it are
 * new, so {@link #search} tries exactly those, in lexicographic order of the other shards'
 * positions, and stops at the first one the acceptor installs. The number of subsets tried is
 * bounded by {@code maxSubsets} per call (the caller keeps polling and an operator can restore).
 */
final class QuorumSearch {
  /** Tries one subset: rebuilds a key from it and installs it if it passes the key check. */
  @FunctionalInterface
  interface Acceptor {
    /**
     * @param subset exactly threshold shards (not to be kept or closed)
     * @return true if the key rebuilt from them was installed
     */
    boolean accept(List<Shard> subset);
  }

  /**
   * What a search found.
   *
   * @param used the shard indexes of the accepted subset, empty if none was accepted
   * @param tried subsets tried
   * @param truncated whether {@code maxSubsets} stopped the search before every subset was tried
   */
  record Outcome(List<Integer> used, int tried, boolean truncated) {
    boolean found() {
      return !used.isEmpty();
    }
  }

  private QuorumSearch() {}

  /**
   * Tries the {@code threshold}-subsets of {@code shards} that contain {@code shards.get(newest)}.
   *
   * @param shards distinct shards, in collection order
   * @param threshold subset size, 1..shards.size()
   * @param newest position in {@code shards} of the shard every subset must contain
   * @param maxSubsets upper bound on subsets tried, at least 1
   * @param acceptor tries one subset
   * @return the outcome
   */
  static Outcome search(
      List<Shard> shards, int threshold, int newest, int maxSubsets, Acceptor acceptor) {
    requireNonNull(shards, "shards");
    requireNonNull(acceptor, "acceptor");
    int m = shards.size();
    if (threshold < 1 || threshold > m) {
      throw new IllegalArgumentException(
          "threshold must be between 1 and " + m + " shards, got " + threshold);
    }
    if (newest < 0 || newest >= m) {
      throw new IllegalArgumentException(
          "newest must be a position below " + m + ", got " + newest);
    }
    if (maxSubsets < 1) {
      throw new IllegalArgumentException("maxSubsets must be >= 1, got " + maxSubsets);
    }
    List<Integer> others = new ArrayList<>(m - 1);
    for (int i = 0; i < m; i++) {
      if (i != newest) {
        others.add(i);
      }
    }
    int k = threshold - 1;
    int[] pick = new int[k];
    for (int i = 0; i < k; i++) {
      pick[i] = i;
    }
    int tried = 0;
    while (true) {
      if (tried == maxSubsets) {
        return new Outcome(List.of(), tried, true);
      }
      List<Shard> subset = new ArrayList<>(threshold);
      for (int p : pick) {
        subset.add(shards.get(others.get(p)));
      }
      subset.add(shards.get(newest));
      tried++;
      if (acceptor.accept(List.copyOf(subset))) {
        return new Outcome(subset.stream().map(Shard::index).sorted().toList(), tried, false);
      }
      if (!next(pick, others.size())) {
        return new Outcome(List.of(), tried, false);
      }
    }
  }

  /** Advances {@code pick} to the next k-combination of 0..n-1; false after the last one. */
  private static boolean next(int[] pick, int n) {
    int k = pick.length;
    int i = k - 1;
    while (i >= 0 && pick[i] == n - k + i) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    pick[i]++;
    for (int j = i + 1; j < k; j++) {
      pick[j] = pick[j - 1] + 1;
    }
    return true;
  }
}
