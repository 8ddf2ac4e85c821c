package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delay_withoutJitter_doublesUntilMax() {
    Backoff b = Backoff.of(Duration.ofMillis(500), Duration.ofSeconds(3), 2.0, 0.0);
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(1000));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(2000));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void delay_jitterExtremes_spreadAroundTheBase() {
    Backoff low = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.5, () -> 0.0);
    Backoff high =
        Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.5, () -> 0.999999);
    assertThat(low.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(high.delay(1).toMillis()).isBetween(2990L, 3000L);
  }

  @Property
  void delay_anyAttempt_staysWithinJitterBoundsAndMax(
      @ForAll @IntRange(min = 0, max = 200) int attempt,
      @ForAll @DoubleRange(min = 0.0, max = 0.99) double jitter,
      @ForAll @DoubleRange(min = 0.0, max = 0.99) double random) {
    Backoff b =
        Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, jitter, () -> random);
    Duration d = b.delay(attempt);
    double base = Math.min(100.0 * Math.pow(2, Math.min(attempt, 64)), 10_000.0);
    assertThat(d.toNanos()).isPositive();
    assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(d.toNanos() / 1e6).isGreaterThanOrEqualTo(base * (1 - jitter) - 0.001);
  }

  @Test
  void of_invalidValues_throwWithTheRule() {
    assertThatThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5))
        .hasMessageContaining("at least");
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.5))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.0))
        .hasMessageContaining("jitter");
  }
}
