package ist.spike.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleRssTest {
  @Test
  void sample_readsAtFiveAndElevenSecondsAfterReady_lastIsTheSettledFigure() throws Exception {
    AtomicLong clock = new AtomicLong();
    List<Long> readAt = new ArrayList<>();
    // a process whose memory drops once the native trim has run (at 8 s after ready here)
    double[] mb =
        IdleRss.sample(
            clock::addAndGet,
            () -> {
              readAt.add(clock.get());
              return (clock.get() < 8_000 ? 130L : 108L) * 1048576;
            });

    assertThat(readAt).containsExactly(5_000L, 11_000L);
    assertThat(mb).containsExactly(130.0, 108.0);
    assertThat(IdleRss.settled(mb)).isEqualTo(108.0);
  }

  @Test
  void describe_showsEveryReadingOfEveryRunByTime() {
    assertThat(IdleRss.describe(new double[][] {{130.04, 108.0}, {112.36, 107.71}}))
        .isEqualTo("5 s: [130.0, 112.4], 11 s: [108.0, 107.7]");
  }
}
