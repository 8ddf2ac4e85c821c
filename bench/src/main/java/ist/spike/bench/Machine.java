package ist.spike.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured: processors, memory, CPU model, JDK and OS.
 *
 * @param processors available processors
 * @param memoryMb physical memory in MB (0 when unknown)
 * @param cpu the CPU model name, or "unknown"
 * @param jdk the JDK's vendor and version
 * @param os the operating system and kernel
 */
public record Machine(int processors, long memoryMb, String cpu, String jdk, String os) {
  /** Reads this machine. */
  public static Machine current() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        memTotalMb(),
        cpuModel(),
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  /** One line for the report. */
  public String describe() {
    return String.format(
        Locale.ROOT, "%d CPUs (%s), %,d MB RAM, %s, %s", processors, cpu, memoryMb, jdk, os);
  }

  /**
   * The load averages (1, 5, 15 min) from {@code /proc/loadavg}, for the note of a figure measured
   * on a shared machine; "load unknown" elsewhere.
   */
  public static String loadNote() {
    try {
      String[] f =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
      return "load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "load unknown";
    }
  }

  private static long memTotalMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: unknown
    }
    return 0;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: unknown
    }
    return "unknown";
  }
}
