package ist.spike.dist;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * SPIKE's two log line shapes, the one implementation that every backend uses: Logback's {@link
 * LogLineLayout} (Nexus, the tools) and the Keeper's own SLF4J provider ({@link
 * KeeperLogServiceProvider}, ADR 0254). The operational line is what Logback's pattern layout
 * writes for {@link LogbackConfigurator#PATTERN} ({@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level
 * [%thread] %logger{36} - %msg%n}), the audit line what it writes for {@link
 * LogbackConfigurator#AUDIT_PATTERN} ({@code %d{…} %msg%n}); an exception follows as Logback's
 * {@code %ex} writes it ({@link StackTraceText}). The time is in the default zone of the moment
 * this object is made.
 */
final class LogLine {
  /** {@code %logger{36}}: the target length of an abbreviated logger name. */
  static final int LOGGER_NAME_LENGTH = 36;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final String LINE_SEPARATOR = System.lineSeparator();

  private final DateTimeFormatter time = TIME.withZone(ZoneId.systemDefault());

  /**
   * Appends an operational line.
   *
   * @param out where the line goes
   * @param epochMillis the event's time
   * @param level the level's name ({@code INFO}, …)
   * @param thread the name of the thread that logged
   * @param logger the logger's full name
   * @param message the formatted message; {@code null} is written as {@code null}
   * @param thrown the exception logged with it, or {@code null}
   */
  void appendOperational(
      StringBuilder out,
      long epochMillis,
      String level,
      String thread,
      String logger,
      String message,
      Throwable thrown) {
    time.formatTo(Instant.ofEpochMilli(epochMillis), out);
    out.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) {
      out.append(' ');
    }
    out.append(" [")
        .append(thread)
        .append("] ")
        .append(abbreviate(logger, LOGGER_NAME_LENGTH))
        .append(" - ");
    end(out, message, thrown);
  }

  /**
   * Appends an audit line: the time and the message.
   *
   * @param out where the line goes
   * @param epochMillis the event's time
   * @param message the formatted message
   * @param thrown the exception logged with it, or {@code null}
   */
  void appendAudit(StringBuilder out, long epochMillis, String message, Throwable thrown) {
    time.formatTo(Instant.ofEpochMilli(epochMillis), out);
    out.append(' ');
    end(out, message, thrown);
  }

  private static void end(StringBuilder out, String message, Throwable thrown) {
    out.append(message).append(LINE_SEPARATOR);
    if (thrown != null) {
      StackTraceText.append(out, thrown);
    }
  }

  /**
   * A logger name shortened as {@code %logger{length}} does: a name shorter than {@code length} or
   * without a package stays whole; otherwise package segments, from the left, are cut to their
   * first letter until the name would fit, and the class name is always kept.
   */
  static String abbreviate(String name, int length) {
    int lastDot = name.lastIndexOf('.');
    if (name.length() < length || lastDot < 0) {
      return name;
    }
    // characters to drop from the package part for the whole to fit, if it can
    int excess = lastDot - Math.max(0, length - (name.length() - lastDot));
    StringBuilder out = new StringBuilder(name.length());
    int dropped = 0;
    boolean segmentStart = true;
    int i = 0;
    for (; i < lastDot; i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (dropped >= excess) {
          break;
        }
        out.append(c);
        segmentStart = true;
      } else if (segmentStart) {
        out.append(c);
        segmentStart = false;
      } else {
        dropped++;
      }
    }
    return out.append(name, i, name.length()).toString();
  }
}
