package ist.spike.nexus.rootkey;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {
  @Test
  void acquire_overLimit_throwsUntilTheWindowSlides() throws Exception {
    RestoreSessionTest.MutableClock clock = new RestoreSessionTest.MutableClock();
    AttemptLimiter limiter = new AttemptLimiter(2, Duration.ofMinutes(1), clock);
    limiter.acquire();
    clock.now = clock.now.plusSeconds(10);
    limiter.acquire();
    assertThatThrownBy(limiter::acquire)
        .isInstanceOf(RestoreRateLimitedException.class)
        .hasMessageContaining("at most 2 restore attempts per 60s; try again in 50s");
    clock.now = clock.now.plusSeconds(50);
    assertThatCode(limiter::acquire).doesNotThrowAnyException();
  }
}
