package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InvalidRootKeyException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirException;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a rekey (same root key, new Shamir split, ADR-0163) hands new shards to the Keepers so that a
 * {@code kill -9} at any point leaves a Keeper quorum of one split, and how a restart rebuilds the
 * key from a Keeper set that holds a mix of both splits.
 *
 * <p>The Keepers are those of Nexus's configuration after the rekey (positions 1..N new); positions
 * up to the old share count hold old shards, the others nothing. New shards go first to the empty
 * positions, then over the old ones, so the old split keeps its quorum as long as possible.
 */
public final class RekeyDelivery {
  private RekeyDelivery() {}

  /**
   * Returns the Keeper positions (1-based) in the order they receive their new shard.
   *
   * @param from the split the Keepers hold now
   * @param to the new split, whose share count is the configured Keeper count
   */
  public static List<Integer> order(ShamirParameters from, ShamirParameters to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    List<Integer> order = new ArrayList<>(to.shares());
    for (int p = from.shares() + 1; p <= to.shares(); p++) {
      order.add(p);
    }
    for (int p = 1; p <= Math.min(from.shares(), to.shares()); p++) {
      order.add(p);
    }
    return List.copyOf(order);
  }

  /**
   * Whether delivering in {@link #order} keeps, after every single delivery, a Keeper quorum of the
   * old split or of the new one. When it does not, a crash in the gap leaves only the operator's
   * recovery files, which stay valid until the rekey is done; the rekey route then asks the
   * operator to confirm they hold them.
   *
   * <p>The old split loses its quorum after {@code m - T_old + 1} of the {@code m} old positions
   * that remain in the configuration are overwritten; by then the new split holds {@code N_new -
   * T_old + 1} shards.
   */
  public static boolean keepsQuorum(ShamirParameters from, ShamirParameters to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    int kept = Math.min(from.shares(), to.shares());
    return kept >= from.threshold() && to.shares() - from.threshold() + 1 >= to.threshold();
  }

  /**
   * Rebuilds the root key from shards the Keepers hold when some may be of the old split and some
   * of the new: each shard is sorted by the commitments it matches, the new split is tried first.
   * The caller checks the result against the stored key-check value.
   *
   * @param held the Keepers' shards, distinct indexes (not closed by this call)
   * @param old the commitments of the split before the rekey
   * @param next the commitments of the split being delivered
   * @return the key, if either split has a quorum among {@code held}; the caller owns it
   */
  public static Optional<RootKey> recover(
      List<Shard> held, FeldmanCommitments old, FeldmanCommitments next) {
    requireNonNull(held, "held");
    requireNonNull(old, "old");
    requireNonNull(next, "next");
    for (FeldmanCommitments split : List.of(next, old)) {
      List<Shard> on = held.stream().filter(split::matches).toList();
      if (on.size() >= split.threshold()) {
        try {
          return Optional.of(Shamir.recover(on, split.threshold()));
        } catch (ShamirException | InvalidRootKeyException e) {
          // shards that match the commitments always interpolate to the committed key
          throw new IllegalStateException("shards matching the commitments did not recover", e);
        }
      }
    }
    return Optional.empty();
  }
}
