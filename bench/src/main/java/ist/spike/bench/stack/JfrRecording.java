package ist.spike.bench.stack;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of a child JVM, started and stopped with {@code jcmd} around a
 * load run, and summarised as what can make a latency tail: GC pauses, safepoints and contended
 * monitors.
 */
public final class JfrRecording {
  private static final String NAME = "spike-bench";
  private final long pid;
  private final Path file;

  private JfrRecording(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  /**
   * Starts a recording with the JDK's {@code profile} settings in process {@code pid}.
   *
   * @param pid a JVM of the same user
   * @param file where the recording is written when it stops
   * @return the running recording
   * @throws IOException if {@code jcmd} fails
   */
  public static JfrRecording start(long pid, Path file) throws IOException, InterruptedException {
    requireNonNull(file, "file");
    Files.createDirectories(file.toAbsolutePath().getParent());
    jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file.toAbsolutePath());
    return new JfrRecording(pid, file.toAbsolutePath());
  }

  /**
   * Stops the recording and writes its file.
   *
   * @return the file
   * @throws IOException if {@code jcmd} fails
   */
  public Path stop() throws IOException, InterruptedException {
    jcmd(pid, "JFR.stop", "name=" + NAME);
    return file;
  }

  /** What a recording says about pauses, as counts, totals and maxima. */
  public record Summary(
      int gcPauses,
      double gcPauseTotalMs,
      double gcPauseMaxMs,
      int safepoints,
      double safepointTotalMs,
      double safepointMaxMs,
      int contendedMonitors,
      double contendedMonitorTotalMs,
      String topContendedMonitor,
      double recordedSeconds) {

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "JFR over %.1f s: %d GC pauses, %.0f ms in total, longest %.1f ms; %d safepoints, %.0f ms"
              + " in total, longest %.1f ms; %d contended monitor enters ≥ 10 ms, %.0f ms in total%s",
          recordedSeconds,
          gcPauses,
          gcPauseTotalMs,
          gcPauseMaxMs,
          safepoints,
          safepointTotalMs,
          safepointMaxMs,
          contendedMonitors,
          contendedMonitorTotalMs,
          topContendedMonitor.isEmpty() ? "" : " (most on " + topContendedMonitor + ")");
    }
  }

  /**
   * Reads a recording.
   *
   * @param file a {@code .jfr} file
   * @return its pauses
   * @throws IOException if it cannot be read
   */
  public static Summary summarize(Path file) throws IOException {
    int gc = 0;
    double gcTotal = 0;
    double gcMax = 0;
    int sp = 0;
    double spTotal = 0;
    double spMax = 0;
    int mon = 0;
    double monTotal = 0;
    Map<String, Double> byMonitor = new TreeMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      first = Math.min(first, e.getStartTime().toEpochMilli());
      last = Math.max(last, e.getEndTime().toEpochMilli());
      switch (e.getEventType().getName()) {
        case "jdk.GarbageCollection" -> {
          double ms = millis(e.getDuration("sumOfPauses"));
          gc++;
          gcTotal += ms;
          gcMax = Math.max(gcMax, millis(e.getDuration("longestPause")));
        }
        case "jdk.SafepointBegin" -> {
          double ms = millis(e.getDuration());
          sp++;
          spTotal += ms;
          spMax = Math.max(spMax, ms);
        }
        case "jdk.JavaMonitorEnter" -> {
          double ms = millis(e.getDuration());
          mon++;
          monTotal += ms;
          String cls =
              e.getClass("monitorClass") == null ? "?" : e.getClass("monitorClass").getName();
          byMonitor.merge(cls, ms, Double::sum);
        }
        default -> {
          // not a pause
        }
      }
    }
    String top =
        byMonitor.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("");
    return new Summary(
        gc,
        gcTotal,
        gcMax,
        sp,
        spTotal,
        spMax,
        mon,
        monTotal,
        top,
        first == Long.MAX_VALUE ? 0 : (last - first) / 1000.0);
  }

  private static double millis(Duration d) {
    return d == null ? 0 : d.toNanos() / 1e6;
  }

  private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
    Jcmd.run(pid, true, command);
  }
}
