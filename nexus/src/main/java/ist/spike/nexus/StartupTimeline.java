package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Where a Nexus start goes: named phases stamped in milliseconds since the process started, so one
 * log line at ready shows the breakdown (config, SVID, audit, store, Keeper client, routes, Jetty,
 * root key). Thread-safe: the recovery thread and the main thread both mark phases.
 */
final class StartupTimeline {
  /** Phase marked when the HTTP server accepts connections. */
  static final String SERVING = "jetty started";

  /** Phase marked when the root key is installed (Nexus answers ready from then on). */
  static final String KEY_INSTALLED = "root key installed";

  private final long originMillis;
  private final LongSupplier clock;
  private final List<String> names = new ArrayList<>();
  private final List<Long> at = new ArrayList<>();
  private boolean reported;

  /**
   * @param originMillis epoch milliseconds of time zero (the process start)
   * @param clock epoch milliseconds now
   */
  StartupTimeline(long originMillis, LongSupplier clock) {
    this.originMillis = originMillis;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * A timeline whose zero is this process's start: from {@link ProcessAge} (exact to 10 ms on
   * Linux), else from {@link ProcessHandle.Info#startInstant()} (up to a second early), else now.
   */
  static StartupTimeline sinceProcessStart() {
    long now = System.currentTimeMillis();
    OptionalLong age = ProcessAge.millis();
    long start =
        age.isPresent()
            ? now - age.getAsLong()
            : ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(now);
    return new StartupTimeline(Math.min(start, now), System::currentTimeMillis);
  }

  /**
   * Records that {@code phase} has just ended; ignored once the summary was reported (phases marked
   * on every root-key activation, such as after a rotation, do not pile up).
   */
  synchronized void mark(String phase) {
    requireNonNull(phase, "phase");
    if (reported) {
      return;
    }
    names.add(phase);
    at.add(clock.getAsLong() - originMillis);
  }

  /** The number of phases recorded (for tests). */
  synchronized int phaseCount() {
    return names.size();
  }

  /**
   * Returns the summary once, the first time both {@link #SERVING} and {@link #KEY_INSTALLED} have
   * been marked (the moment Nexus turns ready); empty before and after.
   */
  synchronized Optional<String> readySummary() {
    if (reported || !names.contains(SERVING) || !names.contains(KEY_INSTALLED)) {
      return Optional.empty();
    }
    reported = true;
    StringBuilder s = new StringBuilder();
    s.append("ready ").append(at.get(at.size() - 1)).append(" ms after process start (");
    long previous = 0;
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      long t = at.get(i);
      s.append(names.get(i)).append(" at ").append(t).append(" +").append(t - previous);
      previous = t;
    }
    return Optional.of(s.append(" ms)").toString());
  }
}
