package ist.spike.dist;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

/**
 * Writes the launchers' two log line shapes exactly as a {@code PatternLayout} with {@link
 * LogbackConfigurator#PATTERN} or {@link LogbackConfigurator#AUDIT_PATTERN} does, without Logback's
 * pattern parser and its converter chain (about 80 classes in every process, ADR 0237). The lines
 * themselves are {@link LogLine}'s, which the Keeper's own provider writes too (ADR 0254).
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  private final boolean operational;
  private final LogLine lines = new LogLine();

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
    IThrowableProxy proxy = event.getThrowableProxy();
    Throwable thrown = proxy instanceof ThrowableProxy local ? local.getThrowable() : null;
    if (operational) {
      lines.appendOperational(
          line,
          event.getTimeStamp(),
          event.getLevel().toString(),
          event.getThreadName(),
          event.getLoggerName(),
          event.getFormattedMessage(),
          thrown);
    } else {
      lines.appendAudit(line, event.getTimeStamp(), event.getFormattedMessage(), thrown);
    }
    if (proxy != null && thrown == null) {
      // an event read back from elsewhere (a socket receiver) has its exception only as text
      line.append(ThrowableProxyUtil.asString(proxy));
    }
    return line.toString();
  }
}
