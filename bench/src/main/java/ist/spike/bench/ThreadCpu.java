package ist.spike.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of a running process by thread, from {@code /proc/PID/task/*}: for seeing which threads
 * a start-up spends its CPU on (the main thread, the JIT compilers, the recovery thread, ...).
 * Threads are grouped by name with their numbers folded ({@code GC Thread#3} counts as {@code GC
 * Thread#}, {@code ForkJoinPool-1-worker-2} as {@code ForkJoinPool-#-worker-#}), so the GC workers
 * or a pool's threads form one row.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /**
   * Reads the CPU milliseconds (user + system) of each thread group of a process.
   *
   * @param pid the process
   * @return thread name (numbers folded) to CPU milliseconds, largest first when printed by {@link
   *     #describe}; empty if the process is gone or this is not Linux
   */
  static Map<String, Long> byThread(long pid) {
    Map<String, Long> cpu = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name =
              stat.substring(open + 1, close)
                  .replaceAll("(?<=#)[0-9]+", "")
                  .replaceAll("(?<=-)[0-9]+", "#")
                  .strip();
          String[] f = stat.substring(close + 2).split(" ");
          // fields 14 and 15 (utime, stime) in clock ticks of 10 ms; f[0] is field 3
          long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
          cpu.merge(name, ms, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return cpu;
  }

  /** One line: the groups with any CPU, largest first ({@code name ms}). */
  static String describe(Map<String, Long> cpu) {
    return cpu.entrySet().stream()
        .filter(en -> en.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(en -> String.format(Locale.ROOT, "%s %d", en.getKey(), en.getValue()))
        .collect(Collectors.joining(", "));
  }
}
