package ist.spike.nexus.rotation;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.store.ClusterState.SplitMeta;
import java.util.Optional;

/**
 * Reads the split in force from the store's public values (ADR-0163): the stored commitments, or
 * during an unfinished rekey the two splits its record names.
 */
public final class StoredSplit {
  private StoredSplit() {}

  /**
   * Updates {@code split} from what the store holds.
   *
   * @param meta the stored commitments and key-generations record
   * @param split updated in place
   * @throws IllegalArgumentException if a stored value is malformed
   */
  public static void apply(SplitMeta meta, SplitInForce split) {
    requireNonNull(meta, "meta");
    requireNonNull(split, "split");
    Optional<FeldmanCommitments> stored;
    try {
      stored =
          meta.commitments().isEmpty()
              ? Optional.empty()
              : Optional.of(FeldmanCommitments.fromBytes(meta.commitments().get()));
    } catch (InvalidCommitmentsException e) {
      throw new IllegalArgumentException("the stored shard commitments are malformed", e);
    }
    Optional<Rekey> rekey =
        meta.generations().map(KeyGenerations::fromBytes).flatMap(KeyGenerations::rekey);
    if (rekey.isEmpty()) {
      split.update(stored, Optional.empty(), false);
    } else if (rekey.get().running()) {
      split.update(Optional.of(rekey.get().from()), Optional.of(rekey.get().to()), true);
    } else {
      split.update(Optional.of(rekey.get().to()), Optional.empty(), true);
    }
  }
}
