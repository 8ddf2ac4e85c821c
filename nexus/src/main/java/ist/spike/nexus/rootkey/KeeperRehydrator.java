package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every Keeper holding the right shard. Each round recomputes the (deterministic) shards from
 * the root key, fetches what each Keeper holds and compares it with the shard expected at its
 * position (index and value, the value in constant time). Only a Keeper that is empty, holds a
 * wrong value or holds another position's shard is sent its shard, with a log line naming the
 * Keeper and what was wrong (never the shard). Run once right after a key is installed and then
 * every {@code SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL}, so a restarted or corrupted Keeper is repaired
 * within one interval. A Keeper that cannot be reached is logged once per outage and checked again
 * by {@link #retryUnreachable()} (which Nexus runs every second) until it answers. The shards are
 * those of the split in force ({@link SplitInForce}), never of a changed configuration. While a
 * rekey is unfinished (ADR-0230) a Keeper holding a shard of either of its splits at its position
 * is left alone (the rekey's delivery decides when it gets the new one, so no old shard overwrites
 * a delivered new one), and an empty Keeper, or one holding a shard of neither split, is given the
 * new split's shard: that only adds a holder of the new split, so neither split loses a Keeper.
 */
public final class KeeperRehydrator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperRehydrator.class);

  /** What a check found at one Keeper. */
  enum Finding {
    /** Holds the expected shard. */
    RIGHT,
    /** Holds no shard (restarted: Keepers keep shards in memory only). */
    EMPTY,
    /** Holds a shard of another index (the peer list was reordered). */
    MISPLACED,
    /** Holds a value that is not the expected shard. */
    WRONG,
    /** Could not be reached or answered nonsense. */
    UNREACHABLE
  }

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
    if (custody.split().rekeying()) {
      duringRekey(false);
      return;
    }
    Optional<List<Shard>> shards = custody.withKey(key -> Shamir.split(key, custody.parameters()));
    if (shards.isEmpty()) {
      return;
    }
    try {
      int n = Math.min(keepers.size(), shards.get().size());
      for (int position = 1; position <= n; position++) {
        checkAndRepair(position, shards.get().get(position - 1));
      }
    } catch (RuntimeException e) {
      LOG.warn("keeper check round failed: {}", e.toString());
    } finally {
      for (Shard s : shards.get()) {
        s.close();
      }
    }
  }

  /**
   * Checks again only the Keepers the last check could not reach (a no-op when every Keeper
   * answered), so a Keeper coming back is repaired soon after it listens, not an interval later.
   * Run more often than {@link #run()}; healthy Keepers are not fetched.
   */
  public synchronized void retryUnreachable() {
    if (!lastOk.containsValue(false)) {
      return;
    }
    if (custody.split().rekeying()) {
      duringRekey(true);
      return;
    }
    Optional<List<Shard>> shards = custody.withKey(key -> Shamir.split(key, custody.parameters()));
    if (shards.isEmpty()) {
      return;
    }
    try {
      int n = Math.min(keepers.size(), shards.get().size());
      for (int position = 1; position <= n; position++) {
        if (!lastOk.getOrDefault(position, true)) {
          checkAndRepair(position, shards.get().get(position - 1));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("keeper retry round failed: {}", e.toString());
    } finally {
      for (Shard s : shards.get()) {
        s.close();
      }
    }
  }

  /** A round while a rekey is unfinished: see the class comment. */
  private void duringRekey(boolean onlyUnreachable) {
    SplitInForce split = custody.split();
    Optional<FeldmanCommitments> old = split.current();
    Optional<FeldmanCommitments> next = split.next();
    if (old.isEmpty() || next.isEmpty()) {
      return;
    }
    int t = next.get().threshold();
    ShamirParameters parameters = new ShamirParameters(t, Math.max(t, keepers.size()));
    Optional<List<Shard>> shards = custody.withKey(key -> Shamir.split(key, parameters));
    if (shards.isEmpty()) {
      return;
    }
    try {
      for (int position = 1; position <= keepers.size(); position++) {
        if (!onlyUnreachable || !lastOk.getOrDefault(position, true)) {
          checkDuringRekey(position, shards.get().get(position - 1), old.get(), next.get());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("keeper check round during the rekey failed: {}", e.toString());
    } finally {
      shards.get().forEach(Shard::close);
    }
  }

  private void checkDuringRekey(
      int position, Shard expected, FeldmanCommitments old, FeldmanCommitments next) {
    Finding finding;
    try {
      Optional<KeeperShard> held = keepers.fetch(position);
      if (held.isEmpty()) {
        finding = Finding.EMPTY;
      } else {
        try (Shard shard = held.get().shard()) {
          boolean ofASplit = old.matches(shard) || next.matches(shard);
          finding =
              shard.index() != position
                  ? Finding.MISPLACED
                  : ofASplit ? Finding.RIGHT : Finding.WRONG;
        }
      }
    } catch (KeeperUnavailableException e) {
      if (!e.holdsInvalidShard()) {
        unreachable(position, "cannot check the shard of", e);
        return;
      }
      finding = Finding.WRONG;
    }
    if (finding != Finding.RIGHT) {
      try {
        keepers.contribute(position, expected, next);
      } catch (KeeperUnavailableException e) {
        unreachable(position, "cannot send shard " + position, e);
        return;
      }
      report(position, finding);
    } else if (!lastOk.getOrDefault(position, false)) {
      LOG.info(
          "keeper {} holds shard {} of a split of the unfinished rekey",
          keepers.describe(position),
          position);
    }
    lastOk.put(position, true);
  }

  private void checkAndRepair(int position, Shard expected) {
    Finding finding = inspect(position, expected);
    if (finding == Finding.UNREACHABLE) {
      return;
    }
    if (finding != Finding.RIGHT) {
      try {
        Optional<FeldmanCommitments> commitments =
            custody.withKey(key -> FeldmanCommitments.of(key, custody.parameters().threshold()));
        if (commitments.isPresent()) {
          keepers.contribute(position, expected, commitments.get());
        } else {
          keepers.contribute(position, expected);
        }
      } catch (KeeperUnavailableException e) {
        unreachable(position, "cannot send shard " + position, e);
        return;
      }
      report(position, finding);
    } else if (!lastOk.getOrDefault(position, false)) {
      LOG.info("keeper {} holds shard {}", keepers.describe(position), position);
    }
    lastOk.put(position, true);
  }

  private Finding inspect(int position, Shard expected) {
    Optional<KeeperShard> held;
    try {
      held = keepers.fetch(position);
    } catch (KeeperUnavailableException e) {
      if (e.holdsInvalidShard()) {
        return Finding.WRONG;
      }
      unreachable(position, "cannot check the shard of", e);
      return Finding.UNREACHABLE;
    }
    if (held.isEmpty()) {
      return Finding.EMPTY;
    }
    try (Shard shard = held.get().shard()) {
      return classify(shard, expected);
    }
  }

  /** Compares a held shard with the expected one; the values in constant time. */
  static Finding classify(Shard held, Shard expected) {
    if (held.equalsSecret(expected)) {
      return Finding.RIGHT;
    }
    return held.index() != expected.index() ? Finding.MISPLACED : Finding.WRONG;
  }

  private void report(int position, Finding finding) {
    String keeper = keepers.describe(position);
    switch (finding) {
      case EMPTY -> LOG.info("keeper {} was empty; sent it shard {}", keeper, position);
      case MISPLACED ->
          LOG.warn(
              "keeper {} held another position's shard; re-seeded it with shard {}",
              keeper,
              position);
      case WRONG ->
          LOG.warn(
              "keeper {} held a WRONG shard {} (it does not match the root key); re-seeded it"
                  + " with the right shard",
              keeper,
              position);
      default -> throw new IllegalStateException("nothing to report for " + finding);
    }
  }

  private void unreachable(int position, String what, KeeperUnavailableException e) {
    if (lastOk.getOrDefault(position, true)) {
      LOG.warn(
          "{} keeper {}: {}; trying it again every second until it answers",
          what,
          keepers.describe(position),
          e.getMessage());
    }
    lastOk.put(position, false);
  }
}
