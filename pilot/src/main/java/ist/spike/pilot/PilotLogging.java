package ist.spike.pilot;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Pilot's logging: one line per message on standard error, at {@code SPIKE_SYSTEM_LOG_LEVEL}
 * (default {@code INFO}), as the launchers' Logback configuration writes them, without starting
 * Logback.
 *
 * <p>A command cannot avoid starting a logging backend: the JDK asks its platform logger, which
 * SLF4J's bridge routes to the backend, whether to log each certificate it parses and each {@code
 * System.exit}. Logback's start (XML configuration, about 600 classes) was a large share of a
 * {@code spike secret get} (issue 13). {@link Provider} is selected with SLF4J's own mechanism, the
 * {@code slf4j.provider} property; it is deliberately not registered as a service, so that the
 * other processes on the launchers' shared class path keep Logback and see one provider only (a
 * second registered provider, such as slf4j-simple, makes SLF4J warn in every process).
 */
final class PilotLogging {
  private static final String LEVEL_ENV = "SPIKE_SYSTEM_LOG_LEVEL";

  private PilotLogging() {}

  /** Selects {@link Provider} for this process, unless the user chose a provider. */
  static void install(Map<String, String> env) {
    properties(env, System.getProperties()).forEach(System::setProperty);
  }

  /**
   * The system properties that select {@link Provider}; none when {@code slf4j.provider} is set
   * already (the user's choice wins).
   *
   * @param env the environment ({@code SPIKE_SYSTEM_LOG_LEVEL})
   * @param current the system properties as they are
   * @return the properties to set
   */
  static Map<String, String> properties(Map<String, String> env, Properties current) {
    Map<String, String> set = new LinkedHashMap<>();
    if (current.getProperty("slf4j.provider") != null) {
      return set;
    }
    set.put("slf4j.provider", Provider.class.getName());
    // SLF4J reports an explicit choice at INFO on standard error; not the user's business
    if (current.getProperty("slf4j.internal.verbosity") == null) {
      set.put("slf4j.internal.verbosity", "WARN");
    }
    set.put(Provider.LEVEL_PROPERTY, level(env.get(LEVEL_ENV)).name());
    return set;
  }

  /** The level named by {@code SPIKE_SYSTEM_LOG_LEVEL}; INFO when unset or unknown. */
  static Level level(String value) {
    if (value != null) {
      for (Level l : Level.values()) {
        if (l.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
          return l;
        }
      }
    }
    return Level.INFO;
  }

  /**
   * Formats one message as {@code LEVEL logger - message}, and the exception's class and message
   * when there is one (no stack trace: messages reach users).
   */
  static String format(Level level, String logger, String message, Throwable thrown) {
    StringBuilder line =
        new StringBuilder(level.name()).append(' ').append(logger).append(" - ").append(message);
    if (thrown != null) {
      line.append(": ").append(thrown);
    }
    return line.toString();
  }

  private static final ThreadLocal<List<String>> HELD = new ThreadLocal<>();

  /**
   * Holds the lines this thread logs from now on instead of printing them, until {@link
   * Held#release()} (for {@link EarlyClient}: a command that never takes its client prints nothing
   * of the work done for it).
   *
   * @return the handle that ends the hold on this thread
   */
  static Held hold() {
    List<String> lines = new ArrayList<>();
    HELD.set(lines);
    return new Held(lines);
  }

  /** The lines held on the thread that called {@link #hold()}. */
  static final class Held {
    private final List<String> lines;

    private Held(List<String> lines) {
      this.lines = lines;
    }

    /**
     * Ends the hold; call on the holding thread.
     *
     * @return the lines logged since {@link #hold()}, in order
     */
    List<String> release() {
      HELD.remove();
      return List.copyOf(lines);
    }
  }

  /** SLF4J provider that writes {@link #format formatted} lines to standard error. */
  public static final class Provider implements SLF4JServiceProvider {
    static final String LEVEL_PROPERTY = "spike.pilot.log.level";

    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final NOPMDCAdapter mdc = new NOPMDCAdapter();
    private ILoggerFactory loggers;

    /** Creates the provider; SLF4J calls {@link #initialize()} next. */
    public Provider() {}

    @Override
    public void initialize() {
      Level threshold = level(System.getProperty(LEVEL_PROPERTY));
      loggers = name -> new StderrLogger(name, threshold, System.err);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
      return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }
  }

  /** A logger that prints messages at or above its threshold. */
  static final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient Level threshold;
    private final transient PrintStream out;

    StderrLogger(String name, Level threshold, PrintStream out) {
      this.name = name;
      this.threshold = threshold;
      this.out = out;
    }

    private boolean enabled(Level level) {
      // org.slf4j.event.Level numbers grow with severity: TRACE 0 ... ERROR 40
      return level.toInt() >= threshold.toInt();
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
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      String line = format(level, name, message, throwable);
      List<String> held = HELD.get();
      if (held != null) {
        held.add(line);
        return;
      }
      out.println(line);
      out.flush();
    }
  }

  /** For tests: a logger writing to {@code out}. */
  static Logger logger(String name, Level threshold, PrintStream out) {
    return new StderrLogger(name, threshold, out);
  }
}
