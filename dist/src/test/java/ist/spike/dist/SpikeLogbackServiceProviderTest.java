package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider sets Logback up as its own provider would, from code or, when asked, from XML. */
class SpikeLogbackServiceProviderTest {
  @TempDir Path dir;
  private final List<LoggerContext> contexts = new ArrayList<>();

  @AfterEach
  void stop() {
    contexts.forEach(LoggerContext::stop);
    System.clearProperty("SPIKE_AUDIT_LOG");
    System.clearProperty("logback.configurationFile");
  }

  @Test
  void initialize_givesSlf4jLogbacksContextSetUpFromCode() {
    System.setProperty("SPIKE_AUDIT_LOG", dir.resolve("audit.log").toString());
    SpikeLogbackServiceProvider provider = new SpikeLogbackServiceProvider();
    provider.initialize();
    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    contexts.add(context);

    assertThat(context.getName()).isEqualTo("default");
    assertThat(context.isStarted()).isTrue();
    assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
    assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    assertThat(provider.getRequestedApiVersion()).startsWith("2.0.");
    assertThat(appenders(context.getLogger(Logger.ROOT_LOGGER_NAME))).containsExactly("ERR");
    assertThat(appenders(context.getLogger("spike.audit"))).containsExactly("AUDIT");
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void configure_xml_leavesItToLogbacksAutoConfiguration() throws Exception {
    Path xml = dir.resolve("other.xml");
    Files.writeString(
        xml,
        """
        <configuration>
          <appender name="OTHER" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>other %%msg%%n</pattern></encoder>
          </appender>
          <root level="DEBUG"><appender-ref ref="OTHER"/></root>
        </configuration>
        """
            .formatted(dir.resolve("other.log")));
    System.setProperty("logback.configurationFile", xml.toString());
    LoggerContext context = context();

    SpikeLogbackServiceProvider.configure(context, true);
    context.getLogger("x").debug("hello");

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(appenders(root)).containsExactly("OTHER");
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    context.stop();
    assertThat(Files.readString(dir.resolve("other.log"))).isEqualTo("other hello\n");
  }

  @Test
  void configure_code_writesAuditToTheAuditFile() throws Exception {
    Path audit = dir.resolve("audit.log");
    System.setProperty("SPIKE_AUDIT_LOG", audit.toString());
    LoggerContext context = context();

    SpikeLogbackServiceProvider.configure(context, false);
    context.getLogger("spike.audit").info("request 7");
    context.getLogger("ist.spike.keeper").info("not audit");

    assertThat(context.getLogger("spike.audit").getAppender("AUDIT"))
        .isInstanceOf(FileAppender.class);
    context.stop();
    assertThat(Files.readString(audit)).endsWith(" request 7\n").doesNotContain("not audit");
  }

  @Test
  void inClassPathDirectory_looksOnlyInDirectories() throws Exception {
    Path withFile = Files.createDirectory(dir.resolve("classes"));
    Files.writeString(withFile.resolve("logback-test.xml"), "<configuration/>");
    Path jar = Files.writeString(dir.resolve("lib.jar"), "not a zip");
    Path empty = Files.createDirectory(dir.resolve("empty"));

    assertThat(LoggingContract.inClassPathDirectory(jar + ":" + empty, "logback-test.xml"))
        .isFalse();
    assertThat(
            LoggingContract.inClassPathDirectory(
                jar + "::" + empty + ":" + withFile, "logback-test.xml"))
        .isTrue();
    assertThat(LoggingContract.inClassPathDirectory("", "logback-test.xml")).isFalse();
  }

  private LoggerContext context() {
    LoggerContext c = new LoggerContext();
    c.setMDCAdapter(new LogbackMDCAdapter());
    contexts.add(c);
    return c;
  }

  private static List<String> appenders(Logger logger) {
    List<String> names = new ArrayList<>();
    for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
            logger.iteratorForAppenders();
        it.hasNext(); ) {
      names.add(it.next().getName());
    }
    return names;
  }
}
