package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ist.spike.keeper.KeeperLogging;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Keeper's Logback configuration in code says what the launchers' logback.xml says. */
class KeeperLoggingTest {
  @TempDir Path dir;

  @Test
  void apply_sameLoggersAppendersAndPatternsAsLogbackXml() throws Exception {
    for (String level : new String[] {null, "WARN", "DEBUG"}) {
      String audit = dir.resolve("audit-" + level + ".log").toString();
      Map<String, String> settings =
          level == null
              ? Map.of("SPIKE_AUDIT_LOG", audit)
              : Map.of("SPIKE_AUDIT_LOG", audit, "SPIKE_SYSTEM_LOG_LEVEL", level);

      LoggerContext fromXml = new LoggerContext();
      settings.forEach(fromXml::putProperty);
      JoranConfigurator joran = new JoranConfigurator();
      joran.setContext(fromXml);
      URL xml = KeeperLoggingTest.class.getResource("/logback.xml");
      assertThat(xml).as("dist's logback.xml on the class path").isNotNull();
      joran.doConfigure(xml);

      LoggerContext inCode = new LoggerContext();
      KeeperLogging.apply(inCode, settings::get);

      assertThat(describe(inCode)).isEqualTo(describe(fromXml));
      assertThat(describe(inCode))
          .contains("ROOT level=" + (level == null ? "INFO" : level))
          .contains("spike.audit level=INFO additive=false [AUDIT FileAppender " + audit);
      fromXml.stop();
      inCode.stop();
    }
  }

  @Test
  void configure_withoutTheProperty_leavesTheContextToLogbackXml() {
    assertThat(System.getProperty(KeeperLogging.PROPERTY)).isNull();
    LoggerContext context = new LoggerContext();
    KeeperLogging configurator = new KeeperLogging();
    configurator.setContext(context);

    assertThat(configurator.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }

  @Test
  void serviceFile_namesTheConfigurator() throws Exception {
    URL service =
        KeeperLogging.class.getResource(
            "/META-INF/services/ch.qos.logback.classic.spi.Configurator");
    assertThat(service).isNotNull();
    try (var in = service.openStream()) {
      assertThat(new String(in.readAllBytes()).strip()).isEqualTo(KeeperLogging.class.getName());
    }
  }

  @Test
  void keeperOptions_selectIt() {
    assertThat(JvmFlags.KEEPER.options())
        .contains("-D" + KeeperLogging.PROPERTY + "=" + KeeperLogging.ENABLED);
    assertThat(Stream.of(JvmFlags.NEXUS, JvmFlags.TOOL).flatMap(k -> k.options().stream()))
        .noneMatch(o -> o.startsWith("-D" + KeeperLogging.PROPERTY));
  }

  /** Every configured logger with its level, additivity and appenders, one line each. */
  private static String describe(LoggerContext context) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      List<String> appenders = new ArrayList<>();
      logger.iteratorForAppenders().forEachRemaining(a -> appenders.add(appender(a)));
      if (logger.getLevel() == null && appenders.isEmpty()) {
        continue;
      }
      lines.add(
          logger.getName()
              + " level="
              + logger.getLevel()
              + " additive="
              + logger.isAdditive()
              + " "
              + appenders);
    }
    return String.join("\n", lines);
  }

  private static String appender(Appender<ILoggingEvent> a) {
    StringBuilder s =
        new StringBuilder(a.getName()).append(' ').append(a.getClass().getSimpleName());
    if (a instanceof FileAppender<ILoggingEvent> f) {
      s.append(' ').append(f.getFile()).append(" append=").append(f.isAppend());
    } else if (a instanceof ConsoleAppender<ILoggingEvent> c) {
      s.append(' ').append(c.getTarget());
    }
    if (a instanceof OutputStreamAppender<ILoggingEvent> o
        && o.getEncoder() instanceof PatternLayoutEncoder p) {
      s.append(" pattern=").append(p.getPattern());
    }
    return s.append(" started=").append(a.isStarted()).toString();
  }
}
