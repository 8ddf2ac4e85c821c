package ist.spike.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, as SPIKE's retry loops use it (cenkalti/backoff defaults:
 * multiplier 2, randomization factor 0.5).
 *
 * <p>The n-th delay is {@code min(initial * multiplier^n, max)}, then spread uniformly over {@code
 * [d * (1 - jitter), d * (1 + jitter)]} and capped at {@code max} again. Instances are immutable;
 * {@link #delay(int)} is a pure function of the attempt number and the random source.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final double jitter;
  private final DoubleSupplier random;

  private Backoff(
      Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * Creates a backoff policy.
   *
   * @param initial the first delay before jitter, positive
   * @param max the largest delay, at least {@code initial}
   * @param multiplier growth per attempt, at least 1
   * @param jitter randomization factor in [0, 1): 0.5 spreads a delay d over [0.5 d, 1.5 d]
   * @return the policy, using a thread-safe random source
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Backoff of(Duration initial, Duration max, double multiplier, double jitter) {
    return of(
        initial,
        max,
        multiplier,
        jitter,
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates a backoff policy with a chosen random source (for tests).
   *
   * @param random returns values in [0, 1)
   * @see #of(Duration, Duration, double, double)
   */
  public static Backoff of(
      Duration initial, Duration max, double multiplier, double jitter, DoubleSupplier random) {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    requireNonNull(random, "random");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + max + " must be at least the initial backoff " + initial);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("backoff jitter must be in [0, 1), got " + jitter);
    }
    return new Backoff(initial, max, multiplier, jitter, random);
  }

  /** Returns the delay before retry number {@code attempt} (0 = the first retry). */
  public Duration delay(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 64));
    double capped = Math.min(base, max.toNanos());
    double spread = capped * jitter;
    double value = capped - spread + random.getAsDouble() * 2 * spread;
    return Duration.ofNanos((long) Math.max(1, Math.min(value, max.toNanos())));
  }

  /** Returns the largest delay this policy ever answers. */
  public Duration max() {
    return max;
  }

  @Override
  public String toString() {
    return "Backoff[initial="
        + initial
        + ", max="
        + max
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }
}
