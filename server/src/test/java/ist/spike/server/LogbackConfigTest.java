package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogbackConfigTest {
  @ParameterizedTest
  @ValueSource(strings = {"logback-text.xml", "logback-json.xml"})
  void shippedConfig_loadsWithoutErrorsAndSeparatesAudit(String name) throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    context.putProperty(
        "SPIKE_AUDIT_LOG", System.getProperty("java.io.tmpdir") + "/spike-audit-test.log");
    configurator.doConfigure(getClass().getResource("/ist/spike/server/" + name));

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() >= Status.WARN);
    ch.qos.logback.classic.Logger audit = context.getLogger("spike.audit");
    assertThat(audit.isAdditive()).isFalse();
    assertThat(audit.getAppender("AUDIT")).isNotNull();
    assertThat(context.getLogger("ROOT").getAppender("AUDIT")).isNull();
    context.stop();
  }
}
