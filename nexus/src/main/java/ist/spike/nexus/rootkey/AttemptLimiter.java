package ist.spike.nexus.rootkey;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A sliding-window limit on break-glass attempts: at most {@code limit} attempts in any window of
 * {@code window}. Thread-safe.
 */
public final class AttemptLimiter {
  private final int limit;
  private final Duration window;
  private final Clock clock;
  private final ArrayDeque<Instant> attempts = new ArrayDeque<>();

  /**
   * @param limit attempts allowed per window, at least 1
   * @param window the sliding window, positive
   * @param clock time source
   */
  public AttemptLimiter(int limit, Duration window, Clock clock) {
    if (limit < 1) {
      throw new IllegalArgumentException("attempt limit must be >= 1, got " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("attempt window must be positive, got " + window);
    }
    this.limit = limit;
    this.window = window;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Records one attempt.
   *
   * @throws RestoreRateLimitedException if the window already holds {@code limit} attempts (the
   *     refused attempt is not recorded)
   */
  public synchronized void acquire() throws RestoreRateLimitedException {
    Instant now = clock.instant();
    Instant cutoff = now.minus(window);
    while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(cutoff)) {
      attempts.removeFirst();
    }
    if (attempts.size() >= limit) {
      Duration retryAfter = Duration.between(cutoff, attempts.peekFirst());
      throw new RestoreRateLimitedException(limit, window, retryAfter);
    }
    attempts.addLast(now);
  }
}
