package ist.spike.dist;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The Keeper's own SLF4J backend (ADR 0254), set up as {@code logback.xml} declares: every logger
 * writes operational lines to standard error at {@code SPIKE_SYSTEM_LOG_LEVEL} (default INFO, an
 * unknown name meaning DEBUG, as Logback reads it), {@link LoggingContract#QUIET} loggers at WARN,
 * and {@link LoggingContract#AUDIT_LOGGER} alone writes audit lines, at INFO, to {@code
 * SPIKE_AUDIT_LOG} (default standard output). Levels are fixed at start.
 */
final class LineLoggerFactory implements ILoggerFactory {
  /** A threshold no level reaches. */
  static final int OFF = Integer.MAX_VALUE;

  private final ConcurrentMap<String, LineLogger> loggers = new ConcurrentHashMap<>();
  private final int rootThreshold;
  private final LineLogger.Output operational;
  private final LineLogger.Output audit;

  /**
   * @param level the operational log's level name, as {@code SPIKE_SYSTEM_LOG_LEVEL} gives it
   * @param err where operational lines go
   * @param auditSink where audit lines go
   * @param clock the time of each line, in epoch milliseconds
   */
  LineLoggerFactory(String level, LineSink err, LineSink auditSink, LongSupplier clock) {
    LogLine lines = new LogLine();
    this.rootThreshold = threshold(level);
    this.operational = new LineLogger.Output(err, false, lines, clock);
    this.audit = new LineLogger.Output(auditSink, true, lines, clock);
  }

  /** The backend as the variables of this process ask ({@link LoggingContract#variable}). */
  static LineLoggerFactory fromEnvironment() {
    return new LineLoggerFactory(
        LoggingContract.variable(LoggingContract.LEVEL_VARIABLE)
            .orElse(LoggingContract.DEFAULT_LEVEL),
        LineSink.standardError(),
        LineSink.appendingTo(
            LoggingContract.variable(LoggingContract.AUDIT_VARIABLE)
                .orElse(LoggingContract.DEFAULT_AUDIT_FILE)),
        System::currentTimeMillis);
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, this::newLogger);
  }

  private LineLogger newLogger(String name) {
    if (LoggingContract.within(name, LoggingContract.AUDIT_LOGGER)) {
      return new LineLogger(name, Level.INFO.toInt(), audit);
    }
    for (String quiet : LoggingContract.QUIET) {
      if (LoggingContract.within(name, quiet)) {
        return new LineLogger(name, Level.WARN.toInt(), operational);
      }
    }
    return new LineLogger(name, rootThreshold, operational);
  }

  /**
   * The lowest {@link Level#toInt()} written at the level {@code name}, read as Logback's {@code
   * Level.toLevel}: trimmed, any case; {@code ALL} writes everything, {@code OFF} nothing, and a
   * name it does not know means DEBUG.
   */
  static int threshold(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "ALL" -> Integer.MIN_VALUE;
      case "TRACE" -> Level.TRACE.toInt();
      case "INFO" -> Level.INFO.toInt();
      case "WARN" -> Level.WARN.toInt();
      case "ERROR" -> Level.ERROR.toInt();
      case "OFF" -> OFF;
      default -> Level.DEBUG.toInt();
    };
  }
}
