package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.util.List;
import java.util.Optional;

/**
 * The Shamir split the Keepers and the operator's recovery files hold (ADR-0163), as opposed to the
 * configured one: a Nexus restarted with another {@code SPIKE_NEXUS_SHAMIR_THRESHOLD} keeps serving
 * the stored split until {@code spike operator rekey}. Keeper recovery, restore, the Keeper checks
 * and a rotation take their threshold from here. Holds public values only; thread-safe.
 */
public final class SplitInForce {
  private final ShamirParameters configured;
  private volatile State state = new State(Optional.empty(), Optional.empty(), false);

  private record State(
      Optional<FeldmanCommitments> current, Optional<FeldmanCommitments> next, boolean checked) {}

  /**
   * @param configured {@code SPIKE_NEXUS_SHAMIR_THRESHOLD} and {@code SPIKE_NEXUS_SHAMIR_SHARES}
   */
  public SplitInForce(ShamirParameters configured) {
    this.configured = requireNonNull(configured, "configured");
  }

  /** Returns the configured split (the one a rekey must ask for). */
  public ShamirParameters configured() {
    return configured;
  }

  /**
   * Records what the store holds.
   *
   * @param current the commitments of the split in force; empty for a store without any (first
   *     start, or written before commitments existed): the configured threshold then applies
   * @param next the commitments an unfinished rekey delivers, if any
   * @param checked whether offered restore shards are checked against the commitments (a rekey is
   *     recorded for the active root key)
   */
  public void update(
      Optional<FeldmanCommitments> current, Optional<FeldmanCommitments> next, boolean checked) {
    requireNonNull(current, "current");
    requireNonNull(next, "next");
    if (next.isPresent() && current.isEmpty()) {
      throw new IllegalArgumentException("a rekey's split needs the split it replaces");
    }
    state = new State(current, next, checked);
  }

  /** Returns the commitments of the split in force, if stored. */
  public Optional<FeldmanCommitments> current() {
    return state.current();
  }

  /** Returns the commitments an unfinished rekey delivers, if one is recorded. */
  public Optional<FeldmanCommitments> next() {
    return state.next();
  }

  /** Whether a rekey is recorded and unfinished (the Keepers may hold shards of both splits). */
  public boolean rekeying() {
    return state.next().isPresent();
  }

  /**
   * Returns the split in force over the configured Keepers: the stored threshold (the configured
   * one if none is stored) and the configured share count, raised to the threshold when fewer
   * Keepers are configured than it needs.
   */
  public ShamirParameters parameters() {
    int t = threshold();
    return new ShamirParameters(t, Math.max(t, configured.shares()));
  }

  /** Returns the threshold of the split in force. */
  public int threshold() {
    return state.current().map(FeldmanCommitments::threshold).orElse(configured.threshold());
  }

  /**
   * Returns the thresholds a key may be rebuilt with from Keepers' shards: the rekey's new one
   * first, then the one in force.
   */
  public List<Integer> thresholds() {
    State s = state;
    int inForce = s.current().map(FeldmanCommitments::threshold).orElse(configured.threshold());
    return s.next()
        .map(FeldmanCommitments::threshold)
        .filter(t -> t != inForce)
        .map(t -> List.of(t, inForce))
        .orElse(List.of(inForce));
  }

  /**
   * Returns how many restore shards are collected before the key is rebuilt: the largest threshold
   * of {@link #thresholds()}, so files of either split of an unfinished rekey are enough.
   */
  public int restoreThreshold() {
    return thresholds().stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  /**
   * Checks a restore shard against the stored commitments when a rekey is recorded: while the rekey
   * is unfinished a shard of either split is accepted, afterwards only one of the new split.
   *
   * @param shard an offered shard (unchanged)
   * @return why it is refused, or empty if it is accepted
   */
  public Optional<String> refusal(Shard shard) {
    requireNonNull(shard, "shard");
    State s = state;
    if (!s.checked() || s.current().isEmpty()) {
      return Optional.empty();
    }
    if (s.current().get().matches(shard) || s.next().map(c -> c.matches(shard)).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(
        "this recovery shard does not match the current split (threshold "
            + s.next().orElse(s.current().get()).threshold()
            + "): it predates a rekey or is damaged; use the files from `spike operator recover`"
            + " run after the rekey");
  }

  @Override
  public String toString() {
    State s = state;
    return "SplitInForce[threshold="
        + threshold()
        + ", configured="
        + configured
        + (s.next().isPresent() ? ", rekeying to threshold " + s.next().get().threshold() : "")
        + "]";
  }
}
