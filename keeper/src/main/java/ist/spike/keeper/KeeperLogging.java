package ist.spike.keeper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The Keeper's Logback configuration in code: the same appenders, patterns and levels as the
 * launchers' {@code logback.xml}, without parsing it. Logback finds this class as a {@link
 * Configurator} service; it applies only when the JVM runs with {@code -D}{@value #PROPERTY}{@code
 * =}{@value #ENABLED} (the Keeper's options in {@code bin/lib/jvm-flags.sh}), and otherwise lets
 * Logback go on to its XML configuration. Parsing the XML loaded about 600 classes (Logback's
 * configuration model and the JDK's XML parser) at every Keeper start (ADR 0134).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class KeeperLogging extends ContextAwareBase implements Configurator {
  /** The system property that selects this configuration. */
  public static final String PROPERTY = "spike.keeper.logging";

  /** The value of {@link #PROPERTY} that selects it. */
  public static final String ENABLED = "code";

  static final String ERR_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";
  static final String AUDIT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %msg%n";
  static final List<String> QUIET =
      List.of("org.eclipse.jetty", "io.grpc", "io.netty", "org.sqlite");

  /** Created by Logback's service loader. */
  public KeeperLogging() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (!ENABLED.equals(System.getProperty(PROPERTY))) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(
        context,
        name -> {
          String value = System.getProperty(name);
          return value != null ? value : System.getenv(name);
        });
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Configures {@code context} as {@code logback.xml} does, reading {@code SPIKE_AUDIT_LOG} and
   * {@code SPIKE_SYSTEM_LOG_LEVEL} through {@code settings} (null when unset).
   *
   * @param context the logger context to configure
   * @param settings looks a setting up by name
   */
  public static void apply(LoggerContext context, UnaryOperator<String> settings) {
    ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
    err.setContext(context);
    err.setName("ERR");
    err.setTarget("System.err");
    err.setEncoder(encoder(context, ERR_PATTERN));
    err.start();

    FileAppender<ILoggingEvent> audit = new FileAppender<>();
    audit.setContext(context);
    audit.setName("AUDIT");
    audit.setFile(orDefault(settings.apply("SPIKE_AUDIT_LOG"), "/dev/stdout"));
    audit.setAppend(true);
    audit.setEncoder(encoder(context, AUDIT_PATTERN));
    audit.start();

    Logger auditLogger = context.getLogger("spike.audit");
    auditLogger.setLevel(Level.INFO);
    auditLogger.setAdditive(false);
    auditLogger.addAppender(audit);
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(orDefault(settings.apply("SPIKE_SYSTEM_LOG_LEVEL"), "INFO")));
    root.addAppender(err);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
