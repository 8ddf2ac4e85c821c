package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.BasicMDCAdapter;

/** The Keeper's provider writes its own lines, and hands over to Logback when XML is asked for. */
class KeeperLogServiceProviderTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("logback.configurationFile");
    System.clearProperty(LoggingContract.AUDIT_VARIABLE);
  }

  @Test
  void initialize_noXml_linesWithoutLogback() {
    System.setProperty(LoggingContract.AUDIT_VARIABLE, dir.resolve("audit.log").toString());
    KeeperLogServiceProvider provider = new KeeperLogServiceProvider();
    provider.initialize();

    assertThat(provider.getLoggerFactory()).isInstanceOf(LineLoggerFactory.class);
    assertThat(provider.getMDCAdapter()).isInstanceOf(BasicMDCAdapter.class);
    assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    assertThat(provider.getRequestedApiVersion()).startsWith("2.0.");
  }

  @Test
  void initialize_configurationFile_logbackReadsIt() throws Exception {
    Path xml = dir.resolve("other.xml");
    Files.writeString(
        xml,
        """
        <configuration>
          <appender name="OTHER" class="ch.qos.logback.core.FileAppender">
            <file>%s</file>
            <encoder><pattern>other %%level %%msg%%n</pattern></encoder>
          </appender>
          <root level="DEBUG"><appender-ref ref="OTHER"/></root>
        </configuration>
        """
            .formatted(dir.resolve("other.log")));
    System.setProperty("logback.configurationFile", xml.toString());
    KeeperLogServiceProvider provider = new KeeperLogServiceProvider();
    provider.initialize();

    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    context.getLogger("x").debug("hello");
    context.stop();
    assertThat(Files.readString(dir.resolve("other.log"))).isEqualTo("other DEBUG hello\n");
  }
}
