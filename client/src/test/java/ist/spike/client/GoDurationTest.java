package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
  @Test
  void parse_goForms_giveTheDuration() {
    assertThat(GoDuration.parse("5m")).contains(Duration.ofMinutes(5));
    assertThat(GoDuration.parse("300ms")).contains(Duration.ofMillis(300));
    assertThat(GoDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
  }

  @Test
  void parse_invalid_isEmpty() {
    assertThat(GoDuration.parse("5")).isEmpty();
    assertThat(GoDuration.parse("5 m")).isEmpty();
    assertThat(GoDuration.parse("-5s")).isEmpty();
    assertThat(GoDuration.parse("")).isEmpty();
    assertThat(GoDuration.parse(null)).isEmpty();
  }

  @Test
  void parseOr_invalidOrZero_givesTheFallback() {
    assertThat(GoDuration.parseOr("soon", Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(GoDuration.parseOr("0", Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
  }
}
