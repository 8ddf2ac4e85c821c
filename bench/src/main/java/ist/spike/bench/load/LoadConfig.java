package ist.spike.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How to drive a load test.
 *
 * @param concurrency worker threads; at most this many requests are in flight
 * @param ratePerSecond the open-loop arrival rate; 0 means closed loop (each worker sends its next
 *     request as soon as the previous one returns), which finds the peak throughput
 * @param warmup time run first and not recorded
 * @param duration recorded time
 */
public record LoadConfig(
    int concurrency, double ratePerSecond, Duration warmup, Duration duration) {
  /** Validates the settings. */
  public LoadConfig {
    requireNonNull(warmup, "warmup");
    requireNonNull(duration, "duration");
    if (concurrency < 1 || concurrency > 10_000) {
      throw new IllegalArgumentException("concurrency must be 1..10000, was " + concurrency);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 per second, was " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
      throw new IllegalArgumentException(
          "duration must be > 0 and warmup >= 0, were " + duration + " and " + warmup);
    }
  }

  /** A closed-loop run (peak throughput). */
  public static LoadConfig closedLoop(int concurrency, Duration warmup, Duration duration) {
    return new LoadConfig(concurrency, 0, warmup, duration);
  }

  /** An open-loop run at a fixed arrival rate. */
  public static LoadConfig openLoop(
      int concurrency, double ratePerSecond, Duration warmup, Duration duration) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("an open-loop rate must be > 0, was " + ratePerSecond);
    }
    return new LoadConfig(concurrency, ratePerSecond, warmup, duration);
  }

  /** Whether requests arrive on a schedule rather than back to back. */
  public boolean isOpenLoop() {
    return ratePerSecond > 0;
  }
}
