package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.Shard;
import java.util.OptionalInt;

/**
 * A shard fetched from the Keeper at a position of {@code SPIKE_NEXUS_KEEPER_PEERS}.
 *
 * @param position the Keeper's 1-based position in the peer list
 * @param reportedIndex the index the Keeper stored with the shard (absent for SPIKE Keepers or
 *     shards contributed by SPIKE's Bootstrap)
 * @param shard the shard, indexed by {@code reportedIndex} when present, else by {@code position}
 */
public record KeeperShard(int position, OptionalInt reportedIndex, Shard shard) {
  /** Validates. */
  public KeeperShard {
    requireNonNull(reportedIndex, "reportedIndex");
    requireNonNull(shard, "shard");
    if (shard.index() != reportedIndex.orElse(position)) {
      throw new IllegalArgumentException(
          "shard index " + shard.index() + " must be the reported index or the position");
    }
  }

  /** Whether the Keeper reported an index other than its position (the peer list was reordered). */
  public boolean isMisplaced() {
    return reportedIndex.isPresent() && reportedIndex.getAsInt() != position;
  }

  @Override
  public String toString() {
    return "KeeperShard[position=" + position + ", index=" + shard.index() + "]";
  }
}
