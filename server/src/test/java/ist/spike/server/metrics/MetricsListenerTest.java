package ist.spike.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsListenerTest {
  private static final String VAR = MetricsListener.VARIABLE;

  @Test
  void unset_isLoopbackFreePort_forAServerWithTheDefault() {
    InetSocketAddress a = MetricsListener.fromEnv(Map.of()).orElseThrow();

    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
    assertThat(a.getPort()).isZero();
  }

  @Test
  void unsetOrBlank_isOff_forAServerWhoseDefaultIsOff() {
    assertThat(MetricsListener.fromEnv(Map.of(), MetricsListener.OFF)).isEmpty();
    assertThat(MetricsListener.fromEnv(Map.of(VAR, "  "), MetricsListener.OFF)).isEmpty();
  }

  @Test
  void anAddress_turnsItOn_whateverTheDefault() {
    InetSocketAddress a =
        MetricsListener.fromEnv(Map.of(VAR, "127.0.0.1:9553"), MetricsListener.OFF).orElseThrow();

    assertThat(a.getPort()).isEqualTo(9553);
    assertThat(a.getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void off_turnsItOff_whateverTheDefault() {
    assertThat(MetricsListener.fromEnv(Map.of(VAR, "OFF"))).isEmpty();
    assertThat(MetricsListener.fromEnv(Map.of(VAR, "off"), "127.0.0.1:9553")).isEmpty();
  }

  @Test
  void aMalformedAddress_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> MetricsListener.fromEnv(Map.of(VAR, "nowhere:port"), "off"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(VAR + ": ")
        .hasMessageEndingWith("(or 'off')");
  }
}
