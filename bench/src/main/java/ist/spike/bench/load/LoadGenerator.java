package ist.spike.bench.load;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A load generator: {@code concurrency} worker threads run an {@link Operation} for a warm-up and a
 * recorded period, in closed loop (back to back, for peak throughput) or open loop (requests
 * scheduled at a fixed rate whatever the server does).
 *
 * <p>In open loop, request {@code i} is due at {@code start + i / rate}. A worker takes the next
 * number, waits until it is due, runs it, and records {@code end - due}. When the server falls
 * behind, due times slip into the past and the waiting shows up in the recorded latency, which is
 * what a client would see; a generator that measured from the actual send time would hide it
 * (coordinated omission). If the workers cannot keep up with the rate, the shortfall is visible as
 * throughput below the offered rate.
 */
public final class LoadGenerator {
  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

  private LoadGenerator() {}

  /**
   * Runs one load test.
   *
   * @param config how to drive it
   * @param operation the request
   * @return latencies and counts of the recorded period
   * @throws InterruptedException if interrupted while waiting for the workers
   */
  public static LoadResult run(LoadConfig config, Operation operation) throws InterruptedException {
    return run(config, operation, false);
  }

  /**
   * Runs one load test with its workers on platform threads (one OS thread each) or on virtual
   * threads (as many workers as wanted on one carrier per core, scheduled by the JVM, as a Go
   * client's goroutines are by Go's runtime).
   *
   * @param config how to drive it
   * @param operation the request; on virtual threads it must block only in ways that unmount (JDK
   *     sockets do; a native TLS socket would hold its carrier)
   * @param virtualThreads whether the workers are virtual threads
   * @return latencies and counts of the recorded period
   * @throws InterruptedException if interrupted while waiting for the workers
   */
  public static LoadResult run(LoadConfig config, Operation operation, boolean virtualThreads)
      throws InterruptedException {
    requireNonNull(config, "config");
    requireNonNull(operation, "operation");
    Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    AtomicLong sequence = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    long start = System.nanoTime();
    long recordFrom = start + config.warmup().toNanos();
    long end = recordFrom + config.duration().toNanos();
    double nanosPerRequest = config.isOpenLoop() ? 1e9 / config.ratePerSecond() : 0;

    List<Thread> workers = new ArrayList<>(config.concurrency());
    for (int w = 0; w < config.concurrency(); w++) {
      Thread.Builder builder =
          virtualThreads
              ? Thread.ofVirtual().name("load-" + w)
              : Thread.ofPlatform().name("load-" + w).daemon();
      Thread t =
          builder.start(
              () -> {
                while (true) {
                  long seq = sequence.getAndIncrement();
                  long due;
                  if (config.isOpenLoop()) {
                    due = start + (long) (seq * nanosPerRequest);
                    if (due >= end) {
                      return;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                      LockSupport.parkNanos(wait);
                    }
                  } else {
                    due = System.nanoTime();
                    if (due >= end) {
                      return;
                    }
                  }
                  boolean failed = false;
                  try {
                    operation.run(seq);
                  } catch (Exception e) {
                    failed = true;
                  }
                  long done = System.nanoTime();
                  if (due >= recordFrom && done <= end) {
                    recorder.recordValue(
                        Math.min(HIGHEST_MICROS, Math.max(0, (done - due) / 1000)));
                    completed.incrementAndGet();
                    if (failed) {
                      errors.incrementAndGet();
                    }
                  }
                }
              });
      workers.add(t);
    }
    for (Thread t : workers) {
      t.join();
    }
    Histogram histogram = recorder.getIntervalHistogram();
    double seconds = config.duration().toNanos() / 1e9;
    return new LoadResult(
        completed.get(), errors.get(), seconds, config.ratePerSecond(), histogram);
  }
}
