package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The code configuration must be the XML's, logger by logger and appender by appender. */
class LogbackConfiguratorTest {
  private static final List<String> LOGGERS =
      List.of(
          Logger.ROOT_LOGGER_NAME,
          "spike.audit",
          "org.eclipse.jetty",
          "org.eclipse.jetty.server.Server",
          "io.grpc",
          "io.netty",
          "org.sqlite",
          "ist.spike.nexus.NexusMain");

  @TempDir Path dir;
  private final List<LoggerContext> contexts = new ArrayList<>();

  @AfterEach
  void stop() {
    contexts.forEach(LoggerContext::stop);
    System.clearProperty("SPIKE_SYSTEM_LOG_LEVEL");
    System.clearProperty("SPIKE_AUDIT_LOG");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "DEBUG", "WARN", "error", "VERBOSE"})
  void configure_sameLoggersAndAppendersAsLogbackXml(String level) throws Exception {
    if (!level.isEmpty()) {
      System.setProperty("SPIKE_SYSTEM_LOG_LEVEL", level);
    }
    System.setProperty("SPIKE_AUDIT_LOG", dir.resolve("audit.log").toString());

    LoggerContext xml = context();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(xml);
    joran.doConfigure(LogbackConfigurator.class.getResource("/logback.xml"));
    LoggerContext code = context();
    LogbackConfigurator configurator = new LogbackConfigurator();
    configurator.setContext(code);

    assertThat(configurator.configureFromCode(code))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(describe(code)).isEqualTo(describe(xml));
  }

  @Test
  void configure_writesAuditRecordsOnlyToTheAuditFile() throws Exception {
    Path audit = dir.resolve("audit.log");
    System.setProperty("SPIKE_AUDIT_LOG", audit.toString());
    LoggerContext code = context();
    new LogbackConfigurator().configureFromCode(code);

    code.getLogger("spike.audit").info("request 42");
    code.getLogger("ist.spike.nexus").info("not audit");
    code.stop();

    assertThat(Files.readString(audit)).contains(" request 42").doesNotContain("not audit");
  }

  @Test
  void xmlRequested_configurationFileProperty_leavesItToLogback() {
    System.setProperty("logback.configurationFile", "elsewhere.xml");
    try {
      assertThat(LogbackConfigurator.xmlRequested()).isTrue();
      LoggerContext code = context();
      assertThat(new LogbackConfigurator().configure(code))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(code.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
          .isFalse();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }

  @Test
  void serviceLoader_findsTheConfigurator() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(LogbackConfigurator.class);
  }

  private LoggerContext context() {
    LoggerContext c = new LoggerContext();
    c.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's SLF4J provider gives its context
    contexts.add(c);
    return c;
  }

  private static List<String> describe(LoggerContext context) {
    List<String> out = new ArrayList<>();
    for (String name : LOGGERS) {
      Logger logger = context.getLogger(name);
      out.add(
          name
              + " level="
              + logger.getLevel()
              + " effective="
              + logger.getEffectiveLevel()
              + " additive="
              + logger.isAdditive());
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        out.add("  " + appender(it.next()));
      }
    }
    return out;
  }

  private static String appender(Appender<ILoggingEvent> a) {
    StringBuilder s = new StringBuilder(a.getName() + " " + a.getClass().getSimpleName());
    s.append(" started=").append(a.isStarted());
    if (a instanceof ConsoleAppender<ILoggingEvent> c) {
      s.append(" target=").append(c.getTarget());
    }
    if (a instanceof FileAppender<ILoggingEvent> f) {
      s.append(" file=").append(f.getFile()).append(" append=").append(f.isAppend());
    }
    if (a instanceof OutputStreamAppender<ILoggingEvent> o) {
      if (o.getEncoder() instanceof PatternLayoutEncoder p) {
        s.append(" pattern=").append(p.getPattern());
      } else if (o.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> w
          && w.getLayout() instanceof LogLineLayout line) {
        // LogLineLayoutTest holds it to that pattern's output
        s.append(" pattern=").append(line.pattern());
      } else {
        s.append(" encoder=").append(o.getEncoder());
      }
    }
    return s.toString();
  }
}
