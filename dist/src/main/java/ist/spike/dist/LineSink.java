package ist.spike.dist;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.helpers.Reporter;

/**
 * Where one of the Keeper's log streams goes (ADR 0254): standard error, or the audit file opened
 * for appending. Each line is written whole and flushed, one line at a time, in the platform's
 * charset, as Logback's console and file appenders do; after a write fails the sink reports it once
 * on standard error and drops what follows, as a stopped Logback appender does.
 */
final class LineSink {
  private final Supplier<OutputStream> out;
  private final String name;
  private boolean failed;

  private LineSink(Supplier<OutputStream> out, String name) {
    this.out = out;
    this.name = name;
  }

  /** Standard error, as {@link System#err} is at each write (tests may replace it). */
  static LineSink standardError() {
    return new LineSink(() -> System.err, "standard error");
  }

  /** A stream given by the caller (tests). */
  static LineSink of(OutputStream stream, String name) {
    return new LineSink(() -> stream, name);
  }

  /**
   * The file {@code path}, its missing parent directories made, opened now for appending; when it
   * cannot be opened that is reported on standard error and the sink drops its lines.
   */
  static LineSink appendingTo(String path) {
    try {
      Path parent = Path.of(path).toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
      OutputStream file = new FileOutputStream(path, true);
      return new LineSink(() -> file, path);
    } catch (IOException | InvalidPathException e) {
      Reporter.error("Cannot open the SPIKE log file " + path, e);
      LineSink dropping = new LineSink(() -> null, path);
      dropping.failed = true;
      return dropping;
    }
  }

  /** Writes {@code line} (which ends with its line separator). */
  synchronized void write(CharSequence line) {
    if (failed) {
      return;
    }
    OutputStream stream = out.get();
    try {
      stream.write(line.toString().getBytes(Charset.defaultCharset()));
      stream.flush();
      if (stream instanceof PrintStream print && print.checkError()) {
        throw new IOException("the stream reports an error");
      }
    } catch (IOException e) {
      failed = true;
      Reporter.error("Cannot write to the SPIKE log " + name + "; its lines are dropped", e);
    }
  }
}
