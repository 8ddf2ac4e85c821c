package ist.spike.nexus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long ago this process started, from Linux's {@code /proc}: the process's start in clock ticks
 * since boot ({@code /proc/self/stat}, field 22) against the time since boot ({@code
 * /proc/uptime}). Both count from the same boot, so the age is exact to a tick (10 ms).
 *
 * <p>{@link ProcessHandle.Info#startInstant()} adds the start to the boot time of {@code
 * /proc/stat}, which is in whole seconds: its instant is up to a second early, the same error for
 * every process of one boot (about 0.27 s on the benchmark machine in December 2026). A start-up
 * timeline measured from it puts that error into its first phase (ADR 0243).
 */
final class ProcessAge {
  /** {@code USER_HZ}: the unit of {@code /proc}'s tick counts, 100 on every Linux we run on. */
  static final long TICKS_PER_SECOND = 100;

  /** {@code starttime} is field 22 of the stat line; fields after the command start at 3. */
  private static final int START_TIME_AFTER_COMMAND = 22 - 3;

  private ProcessAge() {}

  /**
   * This process's age in milliseconds, or empty where {@code /proc} does not say (not Linux, or a
   * file of another shape).
   */
  static OptionalLong millis() {
    try {
      return millis(
          Files.readString(Path.of("/proc/self/stat")), Files.readString(Path.of("/proc/uptime")));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The age given the contents of {@code /proc/self/stat} and {@code /proc/uptime}; empty when
   * either is not of the expected shape or the result is negative.
   */
  static OptionalLong millis(String stat, String uptime) {
    // the command (field 2) is in parentheses and may itself hold spaces and parentheses
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalLong.empty();
    }
    String[] fields = stat.substring(close + 1).trim().split(" +");
    String[] up = uptime.trim().split(" +");
    if (fields.length <= START_TIME_AFTER_COMMAND || up.length == 0) {
      return OptionalLong.empty();
    }
    try {
      long startTicks = Long.parseLong(fields[START_TIME_AFTER_COMMAND]);
      long upMillis = Math.round(Double.parseDouble(up[0]) * 1000);
      long age = upMillis - startTicks * 1000 / TICKS_PER_SECOND;
      return age < 0 ? OptionalLong.empty() : OptionalLong.of(age);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
