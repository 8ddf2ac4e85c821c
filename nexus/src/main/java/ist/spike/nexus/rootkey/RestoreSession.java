package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * Collects operator restore shards one at a time until the threshold is reached, then hands them to
 * a rebuilder (which reconstructs the root key, checks it against the key-check value and installs
 * it).
 *
 * <p>Differences from SPIKE, deliberately: a shard whose id is already held is ignored (as SPIKE);
 * at the threshold the rebuilder runs, and whatever it answers every collected shard is destroyed
 * and the collection emptied, so a refused (wrong) shard set can be followed by a new attempt; an
 * idle collection expires after {@code idleTimeout} (its shards destroyed). Malformed shards never
 * reach this class: the route refuses them while parsing. Thread-safe; one instance per Nexus.
 *
 * @param <S> the shard type; the session owns every shard passed to {@link #submit} and destroys it
 */
public final class RestoreSession<S> {
  /** Reconstructs and installs the root key from exactly {@code threshold} distinct shards. */
  @FunctionalInterface
  public interface Rebuilder<S> {
    /**
     * Rebuilds the root key from the shards (which it must not keep or destroy).
     *
     * @throws RestoreRefusedException if the set is refused (key-check mismatch, bad set)
     */
    void rebuild(List<S> shards) throws RestoreRefusedException;
  }

  private final IntSupplier thresholdOf;
  private final Function<S, Optional<String>> refusal;
  private int threshold;
  private final Duration idleTimeout;
  private final Clock clock;
  private final ToIntFunction<S> idOf;
  private final Consumer<S> destroy;
  private final BooleanSupplier rootKeyPresent;
  private final Rebuilder<S> rebuilder;
  private final List<S> collected = new ArrayList<>();
  private Instant lastActivity;

  /**
   * @param threshold shards needed, at least 1
   * @param idleTimeout a collection untouched this long is discarded
   * @param clock time source
   * @param idOf the shard's id (1-based)
   * @param destroy zeroes a shard
   * @param rootKeyPresent whether Nexus already holds a root key
   * @param rebuilder rebuilds the key at the threshold
   */
  public RestoreSession(
      int threshold,
      Duration idleTimeout,
      Clock clock,
      ToIntFunction<S> idOf,
      Consumer<S> destroy,
      BooleanSupplier rootKeyPresent,
      Rebuilder<S> rebuilder) {
    this(
        () -> threshold,
        s -> Optional.empty(),
        idleTimeout,
        clock,
        idOf,
        destroy,
        rootKeyPresent,
        rebuilder);
  }

  /**
   * A session whose threshold follows the split in force and that refuses shards a check names.
   *
   * @param threshold shards needed (asked when a collection starts), at least 1
   * @param refusal why an offered shard is refused before it is collected, or empty to accept it
   * @param idleTimeout a collection untouched this long is discarded
   * @param clock time source
   * @param idOf the shard's id (1-based)
   * @param destroy zeroes a shard
   * @param rootKeyPresent whether Nexus already holds a root key
   * @param rebuilder rebuilds the key at the threshold
   */
  public RestoreSession(
      IntSupplier threshold,
      Function<S, Optional<String>> refusal,
      Duration idleTimeout,
      Clock clock,
      ToIntFunction<S> idOf,
      Consumer<S> destroy,
      BooleanSupplier rootKeyPresent,
      Rebuilder<S> rebuilder) {
    this.thresholdOf = requireNonNull(threshold, "threshold");
    this.refusal = requireNonNull(refusal, "refusal");
    this.threshold = checked(threshold.getAsInt());
    this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
    this.clock = requireNonNull(clock, "clock");
    this.idOf = requireNonNull(idOf, "idOf");
    this.destroy = requireNonNull(destroy, "destroy");
    this.rootKeyPresent = requireNonNull(rootKeyPresent, "rootKeyPresent");
    this.rebuilder = requireNonNull(rebuilder, "rebuilder");
  }

  /**
   * Adds one shard (taking ownership of it) and rebuilds the key when the threshold is reached.
   * While Nexus already holds a root key the shard is destroyed unused and the answer says so
   * ({@link RestoreProgress#ignored()}).
   *
   * @return the progress after this shard
   * @throws RestoreRefusedException if the completed set was refused; the collection is empty again
   */
  public synchronized RestoreProgress submit(S shard) throws RestoreRefusedException {
    requireNonNull(shard, "shard");
    if (rootKeyPresent.getAsBoolean()) {
      destroy.accept(shard);
      discardLocked();
      return RestoreProgress.ignoredWhileReady();
    }
    expireIfIdleLocked();
    Optional<String> refused = refusal.apply(shard);
    if (refused.isPresent()) {
      // the collection is left as it was: a stale file does not cost the shards already given
      destroy.accept(shard);
      throw new RestoreRefusedException(refused.get());
    }
    if (collected.isEmpty()) {
      threshold = checked(thresholdOf.getAsInt());
    }
    lastActivity = clock.instant();
    int id = idOf.applyAsInt(shard);
    for (S held : collected) {
      if (idOf.applyAsInt(held) == id) {
        destroy.accept(shard);
        return progressLocked();
      }
    }
    collected.add(shard);
    if (collected.size() < threshold) {
      return progressLocked();
    }
    try {
      rebuilder.rebuild(List.copyOf(collected));
    } finally {
      discardLocked();
    }
    return new RestoreProgress(threshold, 0, true);
  }

  /** Returns the current progress without changing anything (an expired collection counts 0). */
  public synchronized RestoreProgress progress() {
    if (rootKeyPresent.getAsBoolean()) {
      return new RestoreProgress(threshold, 0, true);
    }
    expireIfIdleLocked();
    if (collected.isEmpty()) {
      threshold = checked(thresholdOf.getAsInt());
    }
    return progressLocked();
  }

  /** Destroys and forgets every collected shard. */
  public synchronized void discard() {
    discardLocked();
  }

  private static int checked(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, got " + threshold);
    }
    return threshold;
  }

  private RestoreProgress progressLocked() {
    return new RestoreProgress(collected.size(), threshold - collected.size(), false);
  }

  private void expireIfIdleLocked() {
    if (!collected.isEmpty()
        && lastActivity != null
        && !clock.instant().isBefore(lastActivity.plus(idleTimeout))) {
      discardLocked();
    }
  }

  private void discardLocked() {
    for (S held : collected) {
      destroy.accept(held);
    }
    collected.clear();
    lastActivity = null;
  }
}
