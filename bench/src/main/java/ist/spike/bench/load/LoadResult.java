package ist.spike.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load test measured. Latencies are in microseconds; in an open-loop run each is measured
 * from the request's scheduled start, so time spent queued behind a slow request counts
 * (coordinated omission is corrected by construction, not by back-filling).
 *
 * @param completed requests that returned during the recorded period
 * @param errors requests among them that failed
 * @param elapsedSeconds length of the recorded period
 * @param offeredRate the open-loop rate, or 0 for closed loop
 * @param latencies the latency histogram (microseconds)
 */
public record LoadResult(
    long completed, long errors, double elapsedSeconds, double offeredRate, Histogram latencies) {

  /** Completed requests per second (failed ones included). */
  public double throughput() {
    return completed / elapsedSeconds;
  }

  /** Successful requests per second. */
  public double goodput() {
    return (completed - errors) / elapsedSeconds;
  }

  /** The latency at {@code percentile} (0..100), in milliseconds. */
  public double latencyMillis(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1000.0;
  }

  @Override
  public String toString() {
    return String.format(
        "%d requests (%d errors) in %.1f s: %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
        completed,
        errors,
        elapsedSeconds,
        throughput(),
        latencyMillis(50),
        latencyMillis(99),
        latencies.getMaxValue() / 1000.0);
  }
}
