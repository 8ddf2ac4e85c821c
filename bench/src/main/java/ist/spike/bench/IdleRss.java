package ist.spike.bench;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The resident memory of a process left idle after it turned ready, read at several times (ADR
 * 0208): Nexus hands freed native memory back every 5 s ({@code -XX:TrimNativeHeapInterval=5000},
 * ADR 0136), on a clock that starts with the JVM, not at ready; a reading 5 s after ready lands
 * before or after the first trim since the start-up's last burst, depending on where ready falls in
 * that period. The figure is the last reading, 11 s after ready (two trims later), and every
 * reading is shown.
 */
final class IdleRss {
  /** When the readings are taken, in seconds after ready; the last one is the figure. */
  static final List<Integer> SECONDS_AFTER_READY = List.of(5, 11);

  /** Waits; {@link Thread#sleep(long)} in the suite. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private IdleRss() {}

  /**
   * Reads the resident memory at each of {@link #SECONDS_AFTER_READY}, starting right after ready.
   *
   * @param sleep waits between readings
   * @param residentBytes the process's VmRSS in bytes
   * @return the readings in MB, in the order of {@link #SECONDS_AFTER_READY}
   */
  static double[] sample(Sleeper sleep, LongSupplier residentBytes) throws InterruptedException {
    requireNonNull(sleep, "sleep");
    requireNonNull(residentBytes, "residentBytes");
    double[] mb = new double[SECONDS_AFTER_READY.size()];
    int previous = 0;
    for (int i = 0; i < mb.length; i++) {
      int at = SECONDS_AFTER_READY.get(i);
      sleep.sleep((at - previous) * 1000L);
      previous = at;
      mb[i] = residentBytes.getAsLong() / 1048576.0;
    }
    return mb;
  }

  /** The settled reading of one run: the last. */
  static double settled(double[] readings) {
    return readings[readings.length - 1];
  }

  /** "5 s: [a, b], 11 s: [c, d]" for the readings of several runs (MB, one decimal). */
  static String describe(double[][] runs) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < SECONDS_AFTER_READY.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      int at = i;
      s.append(SECONDS_AFTER_READY.get(i))
          .append(" s: ")
          .append(
              Arrays.toString(
                  Arrays.stream(runs)
                      .mapToDouble(r -> r[at])
                      .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v))
                      .toArray()));
    }
    return s.toString();
  }
}
