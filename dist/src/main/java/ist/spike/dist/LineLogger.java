package ist.spike.dist;

import java.util.function.LongSupplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * One logger of the Keeper's own SLF4J backend (ADR 0254): lines at or above its level go to its
 * sink as {@link LogLine} writes them, the message formatted as Logback formats it (a trailing
 * exception argument is the event's exception). Events of SLF4J's fluent API are taken whole, so
 * their key-value pairs stay out of the line, as in Logback's layout.
 */
final class LineLogger extends LegacyAbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  /** How a logger writes its lines: to which sink, in which shape, at what time. */
  record Output(LineSink sink, boolean audit, LogLine lines, LongSupplier clock) {}

  private final int threshold;
  private final transient Output output;

  /**
   * @param name the logger's name
   * @param threshold the lowest {@link Level#toInt()} written; {@link Integer#MAX_VALUE} for none
   * @param output where and how lines are written
   */
  LineLogger(String name, int threshold, Output output) {
    this.name = name;
    this.threshold = threshold;
    this.output = output;
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String message, Object[] arguments, Throwable thrown) {
    write(level, message, arguments, thrown);
  }

  @Override
  public void log(LoggingEvent event) {
    if (enabled(event.getLevel())) {
      write(event.getLevel(), event.getMessage(), event.getArgumentArray(), event.getThrowable());
    }
  }

  private void write(Level level, String message, Object[] arguments, Throwable thrown) {
    Object[] args = arguments;
    Throwable t = thrown;
    if (t == null) {
      // as Logback's event: a trailing exception argument is the event's exception
      t = MessageFormatter.getThrowableCandidate(args);
      if (t != null) {
        args = MessageFormatter.trimmedCopy(args);
      }
    }
    String text = args == null ? message : MessageFormatter.basicArrayFormat(message, args);
    StringBuilder line = new StringBuilder(128);
    long now = output.clock().getAsLong();
    if (output.audit()) {
      output.lines().appendAudit(line, now, text, t);
    } else {
      output
          .lines()
          .appendOperational(
              line, now, level.toString(), Thread.currentThread().getName(), name, text, t);
    }
    output.sink().write(line);
  }
}
