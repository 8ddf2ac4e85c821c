package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLineLayout} must write, character for character, what Logback's pattern layout writes
 * for the launchers' two patterns: levels, thread and logger names short and long, messages with
 * arguments, nothing, or several lines, and exceptions with causes and suppressed ones.
 */
class LogLineLayoutTest {
  private final LoggerContext context = new LoggerContext();

  LogLineLayoutTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void operationalLine_asThePatternLayout() {
    assertSameLines(LogbackConfigurator.PATTERN, LogLineLayout.operational());
  }

  @Test
  void auditLine_asThePatternLayout() {
    assertSameLines(LogbackConfigurator.AUDIT_PATTERN, LogLineLayout.audit());
  }

  @Test
  void pattern_namesThePatternItWrites() {
    assertThat(LogLineLayout.operational().pattern()).isEqualTo(LogbackConfigurator.PATTERN);
    assertThat(LogLineLayout.audit().pattern()).isEqualTo(LogbackConfigurator.AUDIT_PATTERN);
  }

  private void assertSameLines(String pattern, LogLineLayout layout) {
    PatternLayout reference = new PatternLayout();
    reference.setContext(context);
    reference.setPattern(pattern);
    reference.start();
    layout.setContext(context);
    layout.start();
    List<LoggingEvent> events = events();
    for (LoggingEvent event : events) {
      assertThat(layout.doLayout(event)).isEqualTo(reference.doLayout(event));
    }
    assertThat(events).hasSizeGreaterThan(20);
  }

  private List<LoggingEvent> events() {
    IOException cause = new IOException("disk gone");
    IllegalStateException withCause = new IllegalStateException("cannot write", cause);
    withCause.addSuppressed(new UncheckedIOException("also", new IOException("closing")));
    List<LoggingEvent> out = new ArrayList<>();
    String[] loggers = {
      "ist.spike.keeper.KeeperMain",
      "org.eclipse.jetty.server.handler.ContextHandler",
      "ist.spike.nexus.internal.recovery.KeeperRecoveryCoordinatorWithALongName",
      "spike.audit",
      "x",
      Logger.ROOT_LOGGER_NAME
    };
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    long time = 1_765_000_000_123L;
    int i = 0;
    for (String name : loggers) {
      for (Level level : levels) {
        Throwable t = i % 7 == 3 ? withCause : i % 11 == 5 ? new RuntimeException() : null;
        Object[] args = i % 3 == 0 ? new Object[] {"a", 42} : null;
        String message = i % 9 == 4 ? null : i % 5 == 2 ? "two\nlines {}" : "hello {} and {}";
        LoggingEvent e =
            new LoggingEvent(
                Logger.class.getName(), context.getLogger(name), level, message, t, args);
        e.setTimeStamp(time + 86_399_937L * i);
        e.setThreadName(i % 4 == 0 ? "keeper-shutdown" : "qtp12345-" + i);
        out.add(e);
        i++;
      }
    }
    return out;
  }
}
