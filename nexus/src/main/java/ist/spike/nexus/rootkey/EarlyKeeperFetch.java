package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shard;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Keepers' first answers, asked for as soon as Nexus holds its SVID (ADR 0234). Nexus's start
 * asks the first {@code count} Keepers for their shards at once, each on a virtual thread, while it
 * probes the store and opens the audit chain; {@link KeeperRecovery}'s first round, which starts
 * only after both, then reads those answers instead of opening its connections then.
 *
 * <p>As a {@link KeeperGateway} it hands each early answer out once: the first {@link #fetch(int)}
 * of a position waits for its answer and returns it (or throws what the Keeper's call threw); every
 * later fetch, and every other call, goes to the Keepers. {@link #discard()} zeroes the shards of
 * the answers nobody took, now or when they arrive. Only the recovery uses this gateway: the Keeper
 * checks after ready ask the Keepers afresh. Thread-safe.
 */
public final class EarlyKeeperFetch implements KeeperGateway {
  private final KeeperGateway keepers;
  private final Map<Integer, CompletableFuture<Optional<KeeperShard>>> early =
      new ConcurrentHashMap<>();
  private volatile boolean discarded;

  private EarlyKeeperFetch(KeeperGateway keepers) {
    this.keepers = keepers;
  }

  /**
   * Asks the first {@code count} Keepers (at most all of them) for their shards now.
   *
   * @param keepers the Keepers (the mTLS gateway; events are recorded when the answers are read)
   * @param count how many positions, from 1, to ask; 0 asks none
   * @return the gateway that hands the answers out
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public static EarlyKeeperFetch start(KeeperGateway keepers, int count) {
    requireNonNull(keepers, "keepers");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    EarlyKeeperFetch fetch = new EarlyKeeperFetch(keepers);
    for (int p = 1; p <= Math.min(count, keepers.size()); p++) {
      fetch.early.put(p, keepers.fetchInBackground(p, "nexus-keeper-early-" + p));
    }
    return fetch;
  }

  @Override
  public int size() {
    return keepers.size();
  }

  @Override
  public String describe(int position) {
    return keepers.describe(position);
  }

  /**
   * The early answer of a position the first time (waiting for it), else a fetch made now.
   *
   * @throws KeeperUnavailableException if the Keeper could not be reached, early or now
   */
  @Override
  public Optional<KeeperShard> fetch(int position) throws KeeperUnavailableException {
    CompletableFuture<Optional<KeeperShard>> answer = discarded ? null : early.remove(position);
    if (answer == null) {
      return keepers.fetch(position);
    }
    try {
      return answer.join();
    } catch (CompletionException e) {
      switch (e.getCause()) {
        case KeeperUnavailableException unavailable -> throw unavailable;
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw e;
      }
    }
  }

  @Override
  public void contribute(int position, Shard shard) throws KeeperUnavailableException {
    keepers.contribute(position, shard);
  }

  @Override
  public void contribute(int position, Shard shard, FeldmanCommitments commitments)
      throws KeeperUnavailableException {
    keepers.contribute(position, shard, commitments);
  }

  /** Whether some early answers were neither read nor discarded. */
  public boolean holdsAnswers() {
    return !early.isEmpty();
  }

  /**
   * Zeroes the shard of every early answer not read: at once for answers that have arrived, on
   * arrival for the others (without waiting for them). Later fetches go to the Keepers.
   */
  public void discard() {
    discarded = true;
    for (Integer position : early.keySet()) {
      CompletableFuture<Optional<KeeperShard>> answer = early.remove(position);
      if (answer != null) {
        answer.thenAccept(held -> held.ifPresent(ks -> ks.shard().close()));
      }
    }
  }
}
