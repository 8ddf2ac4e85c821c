package ist.spike.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's {@code jcmd} against another JVM of the same user and returns its output. */
final class Jcmd {
  private Jcmd() {}

  /**
   * Runs one diagnostic command.
   *
   * @param pid the target JVM
   * @param command the command and its arguments
   * @return what {@code jcmd} printed
   * @throws IOException if {@code jcmd} fails, cannot attach or does not finish within 60 s
   */
  static String run(long pid, String... command) throws IOException, InterruptedException {
    return run(pid, false, command);
  }

  /**
   * Like {@link #run(long, String...)}; with {@code exceptionIsFailure} an output that mentions an
   * exception also fails (diagnostic commands such as {@code JFR.start} report their errors that
   * way and still exit 0; counter dumps may contain the word in a value).
   */
  static String run(long pid, boolean exceptionIsFailure, String... command)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    argv.add(Long.toString(pid));
    argv.addAll(List.of(command));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + String.join(" ", command) + " did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (failed(p.exitValue(), text, exceptionIsFailure)) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + text.strip());
    }
    return text;
  }

  /** Whether a finished {@code jcmd} reported failure. */
  static boolean failed(int exitValue, String output, boolean exceptionIsFailure) {
    return exitValue != 0
        || output.contains("Could not")
        || (exceptionIsFailure && output.contains("Exception"));
  }
}
