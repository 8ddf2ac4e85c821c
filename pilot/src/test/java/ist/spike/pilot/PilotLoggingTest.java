package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class PilotLoggingTest {
  @Test
  void properties_noProviderChosen_selectsPilotsProviderQuietlyAtInfo() {
    assertThat(PilotLogging.properties(Map.of(), new Properties()))
        .containsEntry("slf4j.provider", "ist.spike.pilot.PilotLogging$Provider")
        .containsEntry("slf4j.internal.verbosity", "WARN")
        .containsEntry("spike.pilot.log.level", "INFO");
  }

  @Test
  void properties_systemLogLevel_followsSpikeSetting_unknownMeansInfo() {
    assertThat(PilotLogging.properties(Map.of("SPIKE_SYSTEM_LOG_LEVEL", "debug"), new Properties()))
        .containsEntry("spike.pilot.log.level", "DEBUG");
    assertThat(PilotLogging.properties(Map.of("SPIKE_SYSTEM_LOG_LEVEL", "loud"), new Properties()))
        .containsEntry("spike.pilot.log.level", "INFO");
  }

  @Test
  void properties_userChoseAProvider_setsNothing_userVerbosityKept() {
    Properties chosen = new Properties();
    chosen.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
    assertThat(PilotLogging.properties(Map.of(), chosen)).isEmpty();
    Properties verbose = new Properties();
    verbose.setProperty("slf4j.internal.verbosity", "DEBUG");
    assertThat(PilotLogging.properties(Map.of(), verbose))
        .doesNotContainKey("slf4j.internal.verbosity");
  }

  @Test
  void logger_printsAtOrAboveThreshold_oneLineWithoutStackTrace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Logger log =
        PilotLogging.logger(
            "ist.spike.identity.TlsProvider",
            Level.WARN,
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    log.info("not shown {}", 1);
    log.warn("Conscrypt TLS is not available ({})", "why", new IllegalStateException("boom"));
    log.error("plain");

    assertThat(log.isInfoEnabled()).isFalse();
    assertThat(log.isWarnEnabled()).isTrue();
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "WARN ist.spike.identity.TlsProvider - Conscrypt TLS is not available (why):"
                + " java.lang.IllegalStateException: boom",
            "ERROR ist.spike.identity.TlsProvider - plain");
  }

  @Test
  void provider_initialisedFromProperty_givesLoggersAtThatLevel() {
    String before = System.getProperty("spike.pilot.log.level");
    System.setProperty("spike.pilot.log.level", "ERROR");
    try {
      PilotLogging.Provider p = new PilotLogging.Provider();
      p.initialize();
      Logger log = p.getLoggerFactory().getLogger("x");
      assertThat(log.isWarnEnabled()).isFalse();
      assertThat(log.isErrorEnabled()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty("spike.pilot.log.level");
      } else {
        System.setProperty("spike.pilot.log.level", before);
      }
    }
  }
}
