package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nexus boot-time recovery: polls the Keepers with exponential backoff until a threshold of
 * distinct shards is collected, rebuilds the root key and hands it to {@link RootKeyCustody}.
 *
 * <p>As SPIKE, shards collected in earlier attempts still count. Unlike SPIKE, a Keeper that stored
 * its shard's index reports it, so a reordered {@code SPIKE_NEXUS_KEEPER_PEERS} is detected (and
 * logged) and the shard is used with its true index instead of yielding a wrong key; a rebuilt key
 * that fails the key check is refused and the collection starts over. The loop ends when a key is
 * installed, whether by this loop or by an operator restore.
 */
public final class KeeperRecovery implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperRecovery.class);

  private final KeeperGateway keepers;
  private final RootKeyCustody custody;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Set<Integer> reportedMisplaced = new HashSet<>();
  private String lastWaitingState = "";

  /** Waits between attempts (replaceable in tests). */
  @FunctionalInterface
  public interface Sleeper {
    /** Sleeps for {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * @param keepers the Keepers
   * @param custody receives the rebuilt key
   * @param backoff delay between attempts
   * @param sleeper waits (Thread::sleep in production)
   */
  public KeeperRecovery(
      KeeperGateway keepers, RootKeyCustody custody, Backoff backoff, Sleeper sleeper) {
    this.keepers = requireNonNull(keepers, "keepers");
    this.custody = requireNonNull(custody, "custody");
    this.backoff = requireNonNull(backoff, "backoff");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  /** Polls until a root key is installed or the thread is interrupted. */
  @Override
  public void run() {
    Map<Integer, Shard> collected = new TreeMap<>();
    try {
      for (int attempt = 0; !custody.isReady(); attempt++) {
        if (attempt > 0) {
          sleeper.sleep(backoff.delay(attempt - 1).toMillis());
          if (custody.isReady()) {
            return;
          }
        }
        if (attemptOnce(collected)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      destroyAll(collected);
    }
  }

  /**
   * One polling round.
   *
   * @return true when a key was installed
   */
  boolean attemptOnce(Map<Integer, Shard> collected) {
    int threshold = custody.parameters().threshold();
    int missing = 0;
    for (int position = 1; position <= keepers.size(); position++) {
      if (collected.size() >= threshold) {
        break;
      }
      Optional<KeeperShard> fetched;
      try {
        fetched = keepers.fetch(position);
      } catch (KeeperUnavailableException e) {
        LOG.debug("keeper {} unavailable: {}", keepers.describe(position), e.getMessage());
        missing++;
        continue;
      }
      if (fetched.isEmpty()) {
        missing++;
        continue;
      }
      KeeperShard ks = fetched.get();
      if (ks.isMisplaced() && reportedMisplaced.add(position)) {
        LOG.warn(
            "keeper {} (position {} of SPIKE_NEXUS_KEEPER_PEERS) holds shard {}: the keeper list"
                + " was reordered; using the stored index",
            keepers.describe(position),
            position,
            ks.shard().index());
      }
      Shard previous = collected.putIfAbsent(ks.shard().index(), ks.shard());
      if (previous != null && previous != ks.shard()) {
        ks.shard().close();
      }
    }
    if (collected.size() < threshold) {
      String state = collected.size() + "/" + missing;
      if (!state.equals(lastWaitingState)) {
        LOG.info(
            "waiting for keepers: {} of {} shards needed collected ({} keepers empty or"
                + " unreachable); polling with backoff until they answer or an operator restores",
            collected.size(),
            threshold,
            missing);
        lastWaitingState = state;
      }
      return false;
    }
    List<Shard> set = new ArrayList<>(collected.values()).subList(0, threshold);
    try {
      RootKey key = Shamir.recover(set, threshold);
      return custody.install(key, "keepers") || custody.isReady();
    } catch (KeyCheckMismatchException e) {
      destroyAll(collected);
      return false;
    } catch (GeneralSecurityException e) {
      LOG.error(
          "the keepers' shards do not form a valid root key ({}); discarding them and polling"
              + " again",
          e.getMessage());
      destroyAll(collected);
      return false;
    } finally {
      if (custody.isReady()) {
        destroyAll(collected);
      }
    }
  }

  private static void destroyAll(Map<Integer, Shard> collected) {
    for (Shard s : collected.values()) {
      s.close();
    }
    collected.clear();
  }
}
