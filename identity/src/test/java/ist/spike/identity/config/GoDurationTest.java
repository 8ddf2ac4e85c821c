package ist.spike.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "5m, 300000000000",
    "10s, 10000000000",
    "500ms, 500000000",
    "1h30m, 5400000000000",
    "1.5h, 5400000000000",
    "2h45m10.5s, 9910500000000",
    "100us, 100000",
    "100µs, 100000",
    "7ns, 7",
    "-3s, -3000000000",
    "+3s, 3000000000"
  })
  void parse_goDurations_matchGo(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "10 s", "s", "1d", "1.2.3s", "ms5", "-", "5M", "1e3s"})
  void parse_invalid_throwsWithExample(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10s");
  }

  @Test
  void envDuration_invalid_fallsBackToDefaultLikeSpike() {
    Env env = Env.of(Map.of("A", "oops", "B", "250ms"));

    assertThat(env.duration("A", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(env.duration("B", Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(250));
    assertThat(env.duration("C", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> env.strictDuration("A", Duration.ZERO))
        .hasMessageContaining("A='oops'");
  }

  @Test
  void envPositiveInt_nonPositiveOrInvalid_fallsBack() {
    Env env = Env.of(Map.of("A", "0", "B", "x", "C", "7"));

    assertThat(env.positiveInt("A", 3)).isEqualTo(3);
    assertThat(env.positiveInt("B", 3)).isEqualTo(3);
    assertThat(env.positiveInt("C", 3)).isEqualTo(7);
  }
}
