package ist.spike.dist.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StackOptionsTest {
  static StackOptions of(int keepers, int threshold, String backend) {
    return new StackOptions(Path.of("x"), keepers, threshold, backend, true, Duration.ofSeconds(5));
  }

  @Test
  void new_invalidValues_nameTheOption() {
    assertThatThrownBy(() -> of(3, 4, "sqlite"))
        .hasMessageContaining("--threshold must be between 1 and --keepers (3), got 4");
    assertThatThrownBy(() -> of(0, 1, "sqlite")).hasMessageContaining("--keepers");
    assertThatThrownBy(() -> of(3, 2, "postgres"))
        .hasMessageContaining("--backend must be sqlite, memory or lite");
  }

  @Test
  void new_keeperIntervalAbove5s_isRefusedWithTheBound() {
    assertThat(
            new StackOptions(Path.of("x"), 3, 2, "sqlite", true, Duration.ofSeconds(5))
                .keeperUpdateInterval())
        .isEqualTo(StackOptions.MAX_KEEPER_INTERVAL);
    assertThatThrownBy(
            () -> new StackOptions(Path.of("x"), 3, 2, "sqlite", true, Duration.ofMillis(5001)))
        .hasMessage(
            "--keeper-interval must be positive and at most 5s on the development stack, got"
                + " 5001ms");
    assertThatThrownBy(() -> new StackOptions(Path.of("x"), 3, 2, "sqlite", true, Duration.ZERO))
        .hasMessageContaining("--keeper-interval must be positive");
  }

  @Test
  void usesKeepers_onlyWithoutTheMemoryBackend() {
    assertThat(of(3, 2, "SQLite").usesKeepers()).isTrue();
    assertThat(of(3, 2, "lite").usesKeepers()).isTrue();
    assertThat(of(3, 2, "memory").usesKeepers()).isFalse();
  }

  @Test
  void shellQuote_quotesSingleQuotes() {
    assertThat(DevStack.shellQuote("/a b/it's")).isEqualTo("'/a b/it'\\''s'");
  }
}
