package ist.spike.pilot.cipher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Whether Pilot's standard output is a terminal (Linux: what {@code /proc/self/fd/1} points to).
 */
final class StdoutTerminal {
  private StdoutTerminal() {}

  /**
   * Returns true when {@code out} is this process's standard output and that is a terminal.
   *
   * @param out the stream a command writes to
   */
  static boolean is(OutputStream out) {
    if (out != System.out) {
      return false;
    }
    try {
      String target = Path.of("/proc/self/fd/1").toRealPath().toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | SecurityException e) {
      return false; // not Linux, or not allowed to look: keep SPIKE's behaviour
    }
  }
}
