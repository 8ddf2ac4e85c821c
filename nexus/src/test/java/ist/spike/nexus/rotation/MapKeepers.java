package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import ist.spike.nexus.rootkey.KeeperGateway;
import ist.spike.nexus.rootkey.KeeperShard;
import ist.spike.nexus.rootkey.KeeperUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * In-memory Keepers for the rotation and rekey tests: each keeps the last shard it was given; some
 * may be down, and deliveries may be held at a gate. Shards delivered with commitments must match
 * them.
 */
public final class MapKeepers implements KeeperGateway {
  private final int size;

  /** The last shard value each position was given. */
  public final Map<Integer, byte[]> values = new ConcurrentHashMap<>();

  /** The positions that refuse deliveries. */
  public final Set<Integer> down = ConcurrentHashMap.newKeySet();

  /** Runs before each delivery. */
  public volatile Runnable onContribute = () -> {};

  /** Deliveries wait (up to 30 s) until it is open; an interrupted wait fails the delivery. */
  public volatile CountDownLatch gate = new CountDownLatch(0);

  /**
   * @param size the number of Keepers
   */
  public MapKeepers(int size) {
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String describe(int position) {
    return "keeper-" + position;
  }

  @Override
  public Optional<KeeperShard> fetch(int position) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void contribute(int position, Shard shard) throws KeeperUnavailableException {
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new KeeperUnavailableException("interrupted");
    }
    onContribute.run();
    if (down.contains(position)) {
      throw new KeeperUnavailableException("keeper " + position + " is down");
    }
    values.put(position, shard.revealValue(InsecureSecretAccess.get()));
  }

  @Override
  public void contribute(int position, Shard shard, FeldmanCommitments c)
      throws KeeperUnavailableException {
    assertThat(c.matches(shard)).isTrue();
    contribute(position, shard);
  }

  /** Rebuilds a 2-of-n root key from the shards positions {@code a} and {@code b} hold. */
  public RootKey recover(int a, int b) throws Exception {
    List<Shard> two = new ArrayList<>();
    for (int p : List.of(a, b)) {
      two.add(Shard.of(p, SecretBytes.copyOf(values.get(p), InsecureSecretAccess.get())));
    }
    return Shamir.recover(two, 2);
  }
}
