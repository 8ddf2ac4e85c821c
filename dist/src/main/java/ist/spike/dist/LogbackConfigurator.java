package ist.spike.dist;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The launchers' logging, set up in code: exactly what {@code logback.xml} next to it declares
 * (same appenders, patterns, levels and variables), without Logback's XML configurator, which
 * loaded about 700 classes (Joran and the JDK's XML parser) and took most of a CPU second of every
 * process's start (ADR 0135), and with {@link LogLineLayout} writing the patterns' lines instead of
 * Logback's pattern parser and converters (ADR 0237). Steps aside, so that Logback reads XML as
 * usual, when {@code -Dlogback.configurationFile} is set or a {@code logback-test.xml} is on the
 * class path.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
  /** The operational log's pattern (standard error). */
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  /** The audit stream's pattern ({@code SPIKE_AUDIT_LOG}). */
  static final String AUDIT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n";

  /** Creates the configurator (called by Logback through {@link java.util.ServiceLoader}). */
  public LogbackConfigurator() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return xmlRequested() ? ExecutionStatus.INVOKE_NEXT_IF_ANY : configureFromCode(context);
  }

  /** Whether Logback should read XML: a configuration file is named or a test one is present. */
  static boolean xmlRequested() {
    return LoggingContract.xmlRequested(LogbackConfigurator.class.getClassLoader());
  }

  /** Sets up what {@code logback.xml} declares. */
  ExecutionStatus configureFromCode(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
    err.setTarget("System.err");
    start(context, err, "ERR", LogLineLayout.operational());

    FileAppender<ILoggingEvent> audit = new FileAppender<>();
    audit.setFile(
        LoggingContract.variable(LoggingContract.AUDIT_VARIABLE)
            .orElse(LoggingContract.DEFAULT_AUDIT_FILE));
    audit.setAppend(true);
    start(context, audit, "AUDIT", LogLineLayout.audit());

    Logger auditLogger = context.getLogger(LoggingContract.AUDIT_LOGGER);
    auditLogger.setLevel(Level.INFO);
    auditLogger.setAdditive(false);
    auditLogger.addAppender(audit);
    for (String name : LoggingContract.QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    // as the XML's level="${SPIKE_SYSTEM_LOG_LEVEL:-INFO}": an unknown name means DEBUG
    root.setLevel(
        Level.toLevel(
            LoggingContract.variable(LoggingContract.LEVEL_VARIABLE)
                .orElse(LoggingContract.DEFAULT_LEVEL)));
    root.addAppender(err);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static void start(
      LoggerContext context,
      OutputStreamAppender<ILoggingEvent> appender,
      String name,
      LogLineLayout layout) {
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.start();
  }
}
