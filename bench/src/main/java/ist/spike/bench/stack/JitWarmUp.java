package ist.spike.bench.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A warm-up that runs until a child JVM's JIT compilers have settled, instead of for a fixed count:
 * a freshly started Nexus under new-connection load keeps its compiler threads busy for about a
 * minute (most of its CPU in the first 30 s), so any fixed, short warm-up measures the compilers
 * rather than the server. The load runs in slices; after each, the child's cumulative compile time
 * ({@code java.ci.totalTime}, read with {@code jcmd PerfCounter.print}) says what share of the
 * slice the compilers took. Two slices in a row under {@link #SETTLED_SHARE} end it.
 */
public final class JitWarmUp {
  /** Compile time per slice wall time under which the JIT counts as settled. */
  public static final double SETTLED_SHARE = 0.05;

  /** Load for one slice. */
  @FunctionalInterface
  public interface Slice {
    /**
     * Runs load for about {@code length}.
     *
     * @param length how long
     * @return how many calls were made
     * @throws Exception if the load fails
     */
    long run(Duration length) throws Exception;
  }

  /**
   * What a warm-up did.
   *
   * @param took its wall time
   * @param calls calls made
   * @param lastShare the compilers' share of the last slice
   * @param settled whether it ended settled rather than at the limit
   */
  public record Result(Duration took, long calls, double lastShare, boolean settled) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "warm-up %.0f s, %d calls, JIT %.0f %% of the last slice%s",
          took.toMillis() / 1000.0,
          calls,
          lastShare * 100,
          settled ? "" : " (not settled: stopped at the limit)");
    }
  }

  private JitWarmUp() {}

  /**
   * Runs {@code slice} until the JVM {@code pid}'s compilers settle or {@code limit} has passed.
   *
   * @param pid the child JVM
   * @param slice the load
   * @param sliceLength the length of one slice
   * @param limit the longest warm-up
   * @return what it did
   * @throws Exception if the load fails or the JVM's counters cannot be read
   */
  public static Result run(long pid, Slice slice, Duration sliceLength, Duration limit)
      throws Exception {
    requireNonNull(slice, "slice");
    long start = System.nanoTime();
    long calls = 0;
    int quietSlices = 0;
    double share = 1;
    long compiled = compileNanos(pid);
    while (System.nanoTime() - start < limit.toNanos()) {
      long sliceStart = System.nanoTime();
      calls += slice.run(sliceLength);
      long now = compileNanos(pid);
      share = (double) (now - compiled) / (System.nanoTime() - sliceStart);
      compiled = now;
      quietSlices = share < SETTLED_SHARE ? quietSlices + 1 : 0;
      if (quietSlices == 2) {
        return new Result(Duration.ofNanos(System.nanoTime() - start), calls, share, true);
      }
    }
    return new Result(Duration.ofNanos(System.nanoTime() - start), calls, share, false);
  }

  /** The JVM's cumulative compile time in nanoseconds. */
  static long compileNanos(long pid) throws IOException, InterruptedException {
    String counters = Jcmd.run(pid, "PerfCounter.print");
    OptionalLong ticks = counter(counters, "java.ci.totalTime");
    OptionalLong frequency = counter(counters, "sun.os.hrt.frequency");
    if (ticks.isEmpty() || frequency.isEmpty() || frequency.getAsLong() <= 0) {
      throw new IOException("JVM " + pid + " does not report its compile time (-XX:-UsePerfData?)");
    }
    return (long) (ticks.getAsLong() * (1e9 / frequency.getAsLong()));
  }

  /** The value of one {@code name=value} line of {@code PerfCounter.print}'s output. */
  static OptionalLong counter(String counters, String name) {
    for (String line : counters.split("\n")) {
      if (line.startsWith(name + "=")) {
        try {
          return OptionalLong.of(Long.parseLong(line.substring(name.length() + 1).strip()));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
