package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Keepers hydrated: recomputes the (deterministic) shards from the root key and sends
 * shard i to the Keeper at position i. Run once right after a key is installed and then every
 * {@code SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL}, so a restarted (empty) Keeper holds its shard again
 * within one interval. A Keeper that cannot be reached is logged once per outage and retried at the
 * next round.
 */
public final class KeeperRehydrator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperRehydrator.class);

  private final KeeperGateway keepers;
  private final RootKeyCustody custody;
  private final Map<Integer, Boolean> lastOk = new HashMap<>();

  /**
   * @param keepers the Keepers
   * @param custody the root key
   */
  public KeeperRehydrator(KeeperGateway keepers, RootKeyCustody custody) {
    this.keepers = requireNonNull(keepers, "keepers");
    this.custody = requireNonNull(custody, "custody");
  }

  /** One round; does nothing while no root key is installed. */
  @Override
  public synchronized void run() {
    Optional<List<Shard>> shards = custody.withKey(key -> Shamir.split(key, custody.parameters()));
    if (shards.isEmpty()) {
      return;
    }
    try {
      int n = Math.min(keepers.size(), shards.get().size());
      for (int position = 1; position <= n; position++) {
        Shard shard = shards.get().get(position - 1);
        try {
          keepers.contribute(position, shard);
          if (!lastOk.getOrDefault(position, false)) {
            LOG.info("keeper {} holds shard {}", keepers.describe(position), position);
          }
          lastOk.put(position, true);
        } catch (KeeperUnavailableException e) {
          if (lastOk.getOrDefault(position, true)) {
            LOG.warn(
                "cannot send shard {} to keeper {}: {}; retrying every interval",
                position,
                keepers.describe(position),
                e.getMessage());
          }
          lastOk.put(position, false);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("keeper rehydration round failed: {}", e.toString());
    } finally {
      for (Shard s : shards.get()) {
        s.close();
      }
    }
  }
}
