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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLineLayout} must write, character for character, what Logback's pattern layout writes
 * for the launchers' two patterns: levels, thread and logger names short and long, messages with
 * arguments, nothing, or several lines, and exceptions with causes, suppressed ones, a cycle and no
 * message. The lines are {@link LogLine}'s, which the Keeper's own provider writes too (ADR 0254).
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

  /** The time as both line shapes start with it, in the default zone. */
  static String formatted(long epochMillis) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
        .withZone(ZoneId.systemDefault())
        .format(Instant.ofEpochMilli(epochMillis));
  }

  private List<LoggingEvent> events() {
    IOException cause = new IOException("disk gone");
    IllegalStateException withCause = new IllegalStateException("cannot write", cause);
    withCause.addSuppressed(new UncheckedIOException("also", new IOException("closing")));
    RuntimeException first = new RuntimeException("first");
    first.initCause(new IllegalArgumentException(first));
    Throwable[] thrown = {withCause, new RuntimeException(), first, new Error((String) null)};
    List<LoggingEvent> out = new ArrayList<>();
    String[] loggers = {
      "ist.spike.keeper.KeeperMain",
      "org.eclipse.jetty.server.handler.ContextHandler",
      "ist.spike.nexus.internal.recovery.KeeperRecoveryCoordinatorWithALongName",
      "spike.audit",
      "x",
      "org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy",
      "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.ClassNameLongerThanThirtySixCharacters",
      "no.Dots.But.A.Name.Just.Over.The.Limit",
      "ist..spike..double.dots.InTheNameOfTheLogger",
      Logger.ROOT_LOGGER_NAME
    };
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    long time = 1_765_000_000_123L;
    int i = 0;
    for (String name : loggers) {
      for (Level level : levels) {
        Throwable t = i % 3 == 1 ? thrown[(i / 3) % thrown.length] : null;
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
