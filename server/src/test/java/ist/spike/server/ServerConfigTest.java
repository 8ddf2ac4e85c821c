package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void fromEnv_defaults_matchSpike() {
    ServerConfig c = ServerConfig.fromEnv(Map.of(), "SPIKE_NEXUS_TLS_PORT", ":8553");

    assertThat(c.listen().getPort()).isEqualTo(8553);
    assertThat(c.listen().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(c.readHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxRequestBodyBytes()).isEqualTo(1 << 20);
    assertThat(c.errorMessages()).isTrue();
  }

  @Test
  void fromEnv_values_parsed() {
    ServerConfig c =
        ServerConfig.fromEnv(
            Map.of(
                "SPIKE_KEEPER_TLS_PORT", "127.0.0.1:8543",
                "SPIKE_HTTP_SERVER_READ_HEADER_TIMEOUT", "500ms",
                "SPIKE_HTTP_SERVER_MAX_REQUEST_BODY_BYTES", "4096",
                "SPIKE_HTTP_SERVER_ERROR_MESSAGES", "false"),
            "SPIKE_KEEPER_TLS_PORT",
            ":8443");

    assertThat(c.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8543));
    assertThat(c.readHeaderTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxRequestBodyBytes()).isEqualTo(4096);
    assertThat(c.errorMessages()).isFalse();
  }

  @Test
  void fromEnv_invalidDuration_fallsBackToDefaultLikeSpike() {
    ServerConfig c =
        ServerConfig.fromEnv(Map.of("SPIKE_HTTP_SERVER_READ_HEADER_TIMEOUT", "soon"), "P", ":1");
    assertThat(c.readHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fromEnv_badListenAddress_throwsNamingVariable() {
    assertThatThrownBy(
            () ->
                ServerConfig.fromEnv(
                    Map.of("SPIKE_NEXUS_TLS_PORT", "8553"), "SPIKE_NEXUS_TLS_PORT", ":8553"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SPIKE_NEXUS_TLS_PORT")
        .hasMessageContaining(":8553");
    assertThatThrownBy(() -> ServerConfig.parseListenAddress(":70000"))
        .hasMessageContaining("0..65535");
  }

  @Test
  void parseListenAddress_ipv6_parsed() {
    assertThat(ServerConfig.parseListenAddress("[::1]:8553").getAddress().isLoopbackAddress())
        .isTrue();
  }
}
