package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The Keeper's own backend writes, character for character, what Nexus's Logback set-up writes for
 * the same calls (ADR 0254), at the levels {@code logback.xml} sets.
 */
class LineLoggerFactoryTest {
  private static final long TIME = 1_765_000_000_123L;

  @TempDir Path dir;
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream audit = new ByteArrayOutputStream();

  LineLoggerFactoryTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
    System.clearProperty(LoggingContract.LEVEL_VARIABLE);
    System.clearProperty(LoggingContract.AUDIT_VARIABLE);
  }

  /** The same calls as {@link #sameLinesAsLogback}: arguments, exceptions, the fluent API. */
  private static List<Consumer<Logger>> calls() {
    IOException cause = new IOException("disk gone");
    IllegalStateException withCause = new IllegalStateException("cannot write", cause);
    withCause.addSuppressed(new UncheckedIOException("also", new IOException("closing")));
    RuntimeException first = new RuntimeException("first");
    IllegalArgumentException second = new IllegalArgumentException(first);
    first.initCause(second);
    IOException one = new IOException("one");
    IOException two = new IOException("two");
    RuntimeException bare = new RuntimeException();
    return List.of(
        l -> l.info("SPIKE Keeper {} listening on {}", "spiffe://spike.ist/spike/keeper", 8443),
        l -> l.error("cannot start: {}", "no SVID", withCause),
        l -> l.warn("{} then {}", one, two),
        l -> l.debug("x {}", bare),
        l -> l.trace(null),
        l -> l.info("two\nlines {} {}", "a"),
        l -> l.error("circular", first),
        l -> l.info("escaped \\{} and {}", 1, 2, 3),
        l -> l.atInfo().addKeyValue("trail", "abc").log("fluent {} {}", "x", 7),
        l -> l.atWarn().setCause(withCause).addArgument(5).log("fluent cause {}"),
        l -> l.info("args {} {} {}", new Object[] {"a", null, new int[] {1, 2}}));
  }

  @Test
  void operationalLines_sameAsLogbacksPatternLayout() {
    // one set of exceptions for both: their stack traces are part of the lines
    List<Consumer<Logger>> calls = calls();
    for (String name :
        List.of(
            "ist.spike.keeper.KeeperMain",
            "ist.spike.nexus.internal.recovery.KeeperRecoveryCoordinatorWithALongName",
            "x",
            Logger.ROOT_LOGGER_NAME)) {
      assertThat(ours("TRACE", name, calls))
          .as(name)
          .isEqualTo(logbacks(LogbackConfigurator.PATTERN, name, calls));
    }
  }

  @Test
  void auditLines_sameAsLogbacksPatternLayout_onlyInTheAuditStream() {
    List<Consumer<Logger>> calls = calls();
    LineLoggerFactory factory = factory("TRACE");
    for (Consumer<Logger> call : calls) {
      call.accept(factory.getLogger(LoggingContract.AUDIT_LOGGER));
    }
    // spike.audit is at INFO in both: the debug and trace calls write nothing
    String expected =
        logbacks(LogbackConfigurator.AUDIT_PATTERN, LoggingContract.AUDIT_LOGGER, calls);
    assertThat(audit.toString(Charset.defaultCharset())).isEqualTo(expected).isNotEmpty();
    assertThat(err.size()).isZero();
  }

  @Test
  void levels_asLogbackXml() {
    LineLoggerFactory factory = factory("INFO");
    factory.getLogger("ist.spike.keeper.KeeperMain").debug("hidden");
    factory.getLogger("ist.spike.keeper.KeeperMain").info("shown");
    factory.getLogger("org.eclipse.jetty.server.Server").info("jetty hidden");
    factory.getLogger("org.eclipse.jetty").warn("jetty warn");
    factory.getLogger("org.eclipse.jettyx.Other").info("not jetty");
    factory.getLogger("io.netty.Channel").info("netty hidden");
    factory.getLogger("spike.audit.child").debug("audit debug hidden");

    String lines = err.toString(Charset.defaultCharset());
    assertThat(lines).contains("shown", "jetty warn", "not jetty");
    assertThat(lines).doesNotContain("hidden");
    assertThat(audit.size()).isZero();
  }

  @Test
  void quietLibraries_stayAtWarn_whateverTheRootLevel() {
    LineLoggerFactory factory = factory("TRACE");
    assertThat(factory.getLogger("org.sqlite.JDBC").isInfoEnabled()).isFalse();
    assertThat(factory.getLogger("io.grpc.Server").isWarnEnabled()).isTrue();
    assertThat(factory("ERROR").getLogger("org.eclipse.jetty.io.X").isWarnEnabled()).isTrue();
  }

  @Test
  void threshold_readsLevelNamesAsLogback_unknownMeansDebug() {
    assertThat(LineLoggerFactory.threshold(" warn ")).isEqualTo(30);
    assertThat(LineLoggerFactory.threshold("Trace")).isEqualTo(0);
    assertThat(LineLoggerFactory.threshold("ERROR")).isEqualTo(40);
    assertThat(LineLoggerFactory.threshold("verbose")).isEqualTo(10);
    assertThat(LineLoggerFactory.threshold("FINE")).isEqualTo(10);
    Logger all = factory("ALL").getLogger("a");
    assertThat(all.isTraceEnabled()).isTrue();
    Logger off = factory("OFF").getLogger("a");
    assertThat(off.isErrorEnabled()).isFalse();
    off.error("nothing");
    Logger unknown = factory("loud").getLogger("a");
    assertThat(unknown.isDebugEnabled()).isTrue();
    assertThat(unknown.isTraceEnabled()).isFalse();
    assertThat(err.toString(Charset.defaultCharset())).doesNotContain("nothing");
  }

  @Test
  void fromEnvironment_levelAndAuditFileFromTheVariables() throws IOException {
    Path file = dir.resolve("sub").resolve("audit.log");
    System.setProperty(LoggingContract.AUDIT_VARIABLE, file.toString());
    System.setProperty(LoggingContract.LEVEL_VARIABLE, "WARN");
    LineLoggerFactory factory = LineLoggerFactory.fromEnvironment();

    factory.getLogger(LoggingContract.AUDIT_LOGGER).info("request 7");
    factory.getLogger(LoggingContract.AUDIT_LOGGER).info("request 8");
    assertThat(factory.getLogger("ist.spike.keeper.KeeperMain").isInfoEnabled()).isFalse();
    assertThat(factory.getLogger("ist.spike.keeper.KeeperMain").isWarnEnabled()).isTrue();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith(" request 7");
  }

  @Test
  void auditFileThatCannotBeOpened_reportedAndDropped() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    LineSink sink = LineSink.appendingTo(notADirectory.resolve("audit.log").toString());
    sink.write("dropped\n");
    assertThat(Files.readString(notADirectory)).isEqualTo("x");
  }

  @Test
  void time_isTheClocksInTheDefaultZone() {
    factory("INFO").getLogger("a").info("m");
    StringBuilder expected = new StringBuilder();
    String thread = Thread.currentThread().getName();
    new LogLine().appendOperational(expected, TIME, "INFO", thread, "a", "m", null);
    assertThat(err.toString(Charset.defaultCharset())).isEqualTo(expected.toString());
    assertThat(expected.toString()).startsWith(LogLineLayoutTest.formatted(TIME) + " INFO  [");
  }

  private LineLoggerFactory factory(String level) {
    return new LineLoggerFactory(
        level, LineSink.of(err, "err"), LineSink.of(audit, "audit"), () -> TIME);
  }

  private String ours(String level, String name, List<Consumer<Logger>> calls) {
    err.reset();
    Logger logger = factory(level).getLogger(name);
    calls.forEach(c -> c.accept(logger));
    return err.toString(Charset.defaultCharset());
  }

  /** What Logback writes for the calls with the pattern, its logger at TRACE or, audit, INFO. */
  private String logbacks(String pattern, String name, List<Consumer<Logger>> calls) {
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(context);
    events.start();
    ch.qos.logback.classic.Logger logger = context.getLogger(name);
    logger.detachAndStopAllAppenders();
    logger.addAppender(events);
    logger.setLevel(name.equals(LoggingContract.AUDIT_LOGGER) ? Level.INFO : Level.TRACE);
    calls.forEach(c -> c.accept(logger));
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern(pattern);
    layout.start();
    StringBuilder out = new StringBuilder();
    for (ILoggingEvent event : events.list) {
      ((LoggingEvent) event).setTimeStamp(TIME);
      out.append(layout.doLayout(event));
    }
    return out.toString();
  }
}
