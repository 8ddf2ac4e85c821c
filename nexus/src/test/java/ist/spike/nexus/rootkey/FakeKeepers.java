package ist.spike.nexus.rootkey;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shard;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** In-memory Keepers that store the value and index as the real Keeper does. */
final class FakeKeepers implements KeeperGateway {
  final int size;
  final Map<Integer, byte[]> values = new HashMap<>();
  final Map<Integer, Integer> indexes = new HashMap<>();
  final Set<Integer> down = new HashSet<>();
  int fetches;
  int contributions;
  final Map<Integer, FeldmanCommitments> commitments = new HashMap<>();

  FakeKeepers(int size) {
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String describe(int position) {
    return "https://keeper-" + position;
  }

  @Override
  public synchronized Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
    fetches++;
    if (down.contains(position)) {
      throw new KeeperUnavailableException("keeper " + position + " is down");
    }
    byte[] v = values.get(position);
    if (v == null) {
      return Optional.empty();
    }
    OptionalInt reported =
        indexes.containsKey(position) ? OptionalInt.of(indexes.get(position)) : OptionalInt.empty();
    try {
      Shard s =
          Shard.of(reported.orElse(position), SecretBytes.copyOf(v, InsecureSecretAccess.get()));
      return Optional.of(new KeeperShard(position, reported, s));
    } catch (InvalidShardException e) {
      throw new KeeperUnavailableException("bad shard", e);
    }
  }

  @Override
  public void contribute(int position, Shard shard) throws KeeperUnavailableException {
    if (down.contains(position)) {
      throw new KeeperUnavailableException("keeper " + position + " is down");
    }
    contributions++;
    values.put(position, shard.revealValue(InsecureSecretAccess.get()));
    indexes.put(position, shard.index());
  }

  /** Like the real Keeper: a shard off the committed polynomial is refused and nothing changes. */
  @Override
  public void contribute(int position, Shard shard, FeldmanCommitments sent)
      throws KeeperUnavailableException {
    if (!sent.matches(shard)) {
      throw new KeeperUnavailableException("keeper " + position + " refused the shard (400)");
    }
    contribute(position, shard);
    commitments.put(position, sent);
  }
}
