package ist.spike.dist;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The Keeper's SLF4J provider, named by {@code -Dslf4j.provider} in its JVM options ({@code
 * bin/lib/jvm-flags.sh}, {@link JvmFlags#KEEPER}): {@link LineLoggerFactory} writes the same lines,
 * levels and audit stream as Nexus's Logback set-up without loading Logback (ADR 0254). When the
 * operator asks for Logback's XML ({@link LoggingContract#xmlRequestedWithoutOpeningJars}) it hands
 * over to {@link SpikeLogbackServiceProvider}, which reads that XML as before.
 */
public final class KeeperLogServiceProvider implements SLF4JServiceProvider {
  /** The SLF4J API version this provider is built for (SLF4J warns below 2.0). */
  static final String REQUESTED_API_VERSION = "2.0.99";

  private static final String LOGBACK_CLASS = "ch.qos.logback.classic.LoggerContext";

  private ILoggerFactory loggerFactory;
  private IMarkerFactory markerFactory;
  private MDCAdapter mdcAdapter;

  /** Creates the provider (called by SLF4J, which names it by the system property). */
  public KeeperLogServiceProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }

  @Override
  public void initialize() {
    if (LoggingContract.xmlRequestedWithoutOpeningJars()) {
      requireLogback();
      SLF4JServiceProvider logback = new SpikeLogbackServiceProvider();
      logback.initialize();
      loggerFactory = logback.getLoggerFactory();
      markerFactory = logback.getMarkerFactory();
      mdcAdapter = logback.getMDCAdapter();
    } else {
      loggerFactory = LineLoggerFactory.fromEnvironment();
      markerFactory = new BasicMarkerFactory();
      mdcAdapter = new BasicMDCAdapter();
    }
  }

  /**
   * The Keeper starts without Logback's jars; its launcher appends them only when {@code
   * -Dlogback.configurationFile} is among its options (ADR 0260). Anything else that asks for the
   * XML without them gets this message instead of a missing class.
   */
  private static void requireLogback() {
    try {
      Class.forName(LOGBACK_CLASS, false, KeeperLogServiceProvider.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "Logback's XML configuration was asked for (-Dlogback.configurationFile or a"
              + " logback-test.xml), which needs logback-classic and logback-core on the class"
              + " path; the launchers add them when -Dlogback.configurationFile= is in"
              + " SPIKE_JAVA_OPTS",
          e);
    }
  }
}
