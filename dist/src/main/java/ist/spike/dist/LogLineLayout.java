package ist.spike.dist;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes the launchers' two log line shapes exactly as a {@code PatternLayout} with {@link
 * LogbackConfigurator#PATTERN} or {@link LogbackConfigurator#AUDIT_PATTERN} does, without Logback's
 * pattern parser and its converter chain (about 80 classes in every process, ADR 0237): the time in
 * the default zone, then (operational log) the level padded to five characters, the thread and the
 * logger name shortened to 36 characters as {@code %logger{36}}, then the message, a line separator
 * and, as the pattern layout appends, the stack trace of an exception.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final boolean operational;
  private final DateTimeFormatter time = TIME.withZone(ZoneId.systemDefault());
  private final TargetLengthBasedClassNameAbbreviator names =
      new TargetLengthBasedClassNameAbbreviator(36);
  private volatile ThrowableProxyConverter throwables;

  private LogLineLayout(boolean operational) {
    this.operational = operational;
  }

  /** The operational log's line: {@link LogbackConfigurator#PATTERN}. */
  static LogLineLayout operational() {
    return new LogLineLayout(true);
  }

  /** The audit stream's line: {@link LogbackConfigurator#AUDIT_PATTERN}. */
  static LogLineLayout audit() {
    return new LogLineLayout(false);
  }

  /** The pattern whose output this layout writes. */
  String pattern() {
    return operational ? LogbackConfigurator.PATTERN : LogbackConfigurator.AUDIT_PATTERN;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    time.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
    line.append(' ');
    if (operational) {
      String level = event.getLevel().toString();
      line.append(level);
      for (int i = level.length(); i < 5; i++) {
        line.append(' ');
      }
      line.append(" [")
          .append(event.getThreadName())
          .append("] ")
          .append(names.abbreviate(event.getLoggerName()))
          .append(" - ");
    }
    line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    if (event.getThrowableProxy() != null) {
      line.append(throwables().convert(event));
    }
    return line.toString();
  }

  /** Logback's own stack trace writer, made at the first exception logged. */
  private ThrowableProxyConverter throwables() {
    ThrowableProxyConverter converter = throwables;
    if (converter == null) {
      converter = new ThrowableProxyConverter();
      converter.setContext(getContext());
      converter.start();
      throwables = converter;
    }
    return converter;
  }
}
