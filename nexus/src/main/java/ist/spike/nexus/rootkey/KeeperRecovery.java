package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.client.Backoff;
import ist.spike.crypto.KeyCheckMismatchException;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.Shard;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nexus boot-time recovery: polls the Keepers with exponential backoff until a threshold of
 * distinct shards is collected, rebuilds the root key and hands it to {@link RootKeyCustody}.
 *
 * <p>As SPIKE, shards collected in earlier attempts still count. Unlike SPIKE, a Keeper that stored
 * its shard's index reports it, so a reordered {@code SPIKE_NEXUS_KEEPER_PEERS} is detected (and
 * logged) and the shard is used with its true index instead of yielding a wrong key. A rebuilt key
 * that fails the key check does not end the round: the other threshold-subsets of the shards held
 * are tried as further Keepers answer ({@link QuorumSearch}), so a threshold of good Keepers brings
 * Nexus up even when another Keeper holds a wrong shard. The loop ends when a key is installed,
 * whether by this loop or by an operator restore; a store that fails while the key is activated (a
 * database still down) costs a round, not the loop.
 */
public final class KeeperRecovery implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperRecovery.class);

  /** Upper bound on threshold-subsets tried per polling round (each costs one key check). */
  static final int MAX_SUBSETS_PER_ROUND = 256;

  private final KeeperGateway keepers;
  private final RootKeyCustody custody;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Runnable beforeRound;
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
    this(keepers, custody, backoff, sleeper, () -> {});
  }

  /**
   * @param keepers the Keepers
   * @param custody receives the rebuilt key
   * @param backoff delay between attempts
   * @param sleeper waits (Thread::sleep in production)
   * @param beforeRound run before each polling round: reads the split in force from the store
   *     ({@link SplitInForce}), which may have been unreadable at start; a failure is logged
   */
  public KeeperRecovery(
      KeeperGateway keepers,
      RootKeyCustody custody,
      Backoff backoff,
      Sleeper sleeper,
      Runnable beforeRound) {
    this.beforeRound = requireNonNull(beforeRound, "beforeRound");
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
        try {
          beforeRound.run();
        } catch (RuntimeException e) {
          LOG.debug("cannot read the split in force yet: {}", e.toString());
        }
        try {
          if (attemptOnce(collected)) {
            return;
          }
        } catch (RuntimeException e) {
          // The store failed while the key was being activated (a database that is down at boot):
          // the next round starts from fresh shards instead of this thread ending for good.
          LOG.warn(
              "activating the rebuilt root key failed ({}); Nexus stays NOT READY and retries",
              e.toString());
          destroyAll(collected);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      destroyAll(collected);
    }
  }

  /**
   * One polling round: fetches the Keepers in order until a key is installed. Each time a new shard
   * arrives and at least a threshold is held, the threshold-subsets containing it are tried ({@link
   * QuorumSearch}), so a Keeper with a wrong shard is outvoted by the good ones. If the round ends
   * with a threshold held and no subset passing the key check, every collected shard is discarded
   * so the next round fetches fresh ones.
   *
   * @return true when a key was installed
   */
  boolean attemptOnce(Map<Integer, Shard> collected) {
    List<Integer> thresholds = custody.split().thresholds();
    int threshold = thresholds.stream().mapToInt(Integer::intValue).min().orElseThrow();
    int missing = 0;
    int tried = 0;
    boolean truncated = false;
    Map<Integer, CompletableFuture<Optional<KeeperShard>>> prefetched = prefetch(threshold);
    try {
      for (int position = 1; position <= keepers.size(); position++) {
        Optional<KeeperShard> fetched;
        try {
          fetched = fetch(position, prefetched);
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
        if (previous != null) {
          ks.shard().close();
          continue;
        }
        if (collected.size() < threshold) {
          continue;
        }
        List<Shard> held = new ArrayList<>(collected.values());
        QuorumSearch.Outcome outcome = new QuorumSearch.Outcome(List.of(), 0, false);
        // during an unfinished rekey the Keepers may hold either split: the new one is tried first
        for (int t : thresholds) {
          if (t > held.size() || tried >= MAX_SUBSETS_PER_ROUND) {
            continue;
          }
          outcome =
              QuorumSearch.search(
                  held,
                  t,
                  held.indexOf(ks.shard()),
                  MAX_SUBSETS_PER_ROUND - tried,
                  this::tryInstall);
          tried += outcome.tried();
          truncated |= outcome.truncated() || tried >= MAX_SUBSETS_PER_ROUND;
          if (outcome.found()) {
            break;
          }
        }
        if (outcome.found()) {
          if (collected.size() > threshold || tried > 1) {
            LOG.warn(
                "rebuilt the root key from shards {} after {} other set(s) of the keepers' shards"
                    + " failed the key check; the keeper check that follows names and re-seeds"
                    + " every keeper holding a wrong shard",
                outcome.used(),
                tried - 1);
          }
          return true;
        }
        if (custody.isReady() || truncated) {
          break;
        }
      }
    } finally {
      discard(prefetched);
      if (custody.isReady()) {
        destroyAll(collected);
      }
    }
    if (custody.isReady()) {
      return true;
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
    LOG.error(
        "REFUSED every root key rebuilt from the keepers: no {} of the {} shards collected match"
            + " the key-check value stored with the data ({} set(s) tried{}); Nexus stays NOT READY"
            + " and wrote nothing. Discarding the shards and polling again; if this persists,"
            + " restore from recovery shards (docs/recovery-runbook.md)",
        threshold,
        collected.size(),
        tried,
        truncated ? ", search bounded at " + MAX_SUBSETS_PER_ROUND : "");
    lastWaitingState = "";
    destroyAll(collected);
    return false;
  }

  /**
   * Starts fetching the first {@code count} Keepers at once, each on a virtual thread: a round
   * needs at least that many answers, and their TLS handshakes then overlap instead of queueing
   * (after a restart this round was the last thing Nexus waited for, issue 13). Later positions are
   * fetched one by one, as before, only while the round still needs them.
   */
  private Map<Integer, CompletableFuture<Optional<KeeperShard>>> prefetch(int count) {
    Map<Integer, CompletableFuture<Optional<KeeperShard>>> started = new HashMap<>();
    if (count < 2) {
      return started;
    }
    for (int p = 1; p <= Math.min(count, keepers.size()); p++) {
      started.put(p, keepers.fetchInBackground(p, "nexus-keeper-fetch-" + p));
    }
    return started;
  }

  /** The prefetched answer of a position (waiting for it), or a fetch made now. */
  private Optional<KeeperShard> fetch(
      int position, Map<Integer, CompletableFuture<Optional<KeeperShard>>> prefetched)
      throws KeeperUnavailableException {
    CompletableFuture<Optional<KeeperShard>> answer = prefetched.remove(position);
    if (answer == null) {
      return keepers.fetch(position);
    }
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof KeeperUnavailableException unavailable) {
        throw unavailable;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** Waits for prefetched answers the round did not use and destroys their shards. */
  private static void discard(Map<Integer, CompletableFuture<Optional<KeeperShard>>> prefetched) {
    for (CompletableFuture<Optional<KeeperShard>> answer : prefetched.values()) {
      try {
        answer.join().ifPresent(ks -> ks.shard().close());
      } catch (CompletionException e) {
        // a Keeper that failed holds nothing of ours
      }
    }
    prefetched.clear();
  }

  private boolean tryInstall(List<Shard> subset) {
    try {
      RootKey key = Shamir.recover(subset, subset.size());
      return custody.install(key, "keepers", false) || custody.isReady();
    } catch (KeyCheckMismatchException e) {
      return false;
    } catch (GeneralSecurityException e) {
      LOG.debug("shards {} do not form a valid root key: {}", indexes(subset), e.getMessage());
      return false;
    }
  }

  private static List<Integer> indexes(List<Shard> shards) {
    return shards.stream().map(Shard::index).toList();
  }

  private static void destroyAll(Map<Integer, Shard> collected) {
    for (Shard s : collected.values()) {
      s.close();
    }
    collected.clear();
  }
}
