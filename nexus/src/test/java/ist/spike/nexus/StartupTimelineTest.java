package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupTimelineTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StartupTimeline timeline = new StartupTimeline(1_000, now::get);

  @Test
  void readySummary_beforeServingAndKey_isEmpty() {
    timeline.mark("config");
    now.addAndGet(30);
    timeline.mark(StartupTimeline.SERVING);

    assertThat(timeline.readySummary()).isEmpty();
  }

  @Test
  void readySummary_keyAfterServing_givesEachPhaseWithItsShareOnce() {
    now.addAndGet(120);
    timeline.mark("config");
    now.addAndGet(40);
    timeline.mark(StartupTimeline.SERVING);
    now.addAndGet(15);
    timeline.mark(StartupTimeline.KEY_INSTALLED);

    assertThat(timeline.readySummary())
        .contains(
            "ready 175 ms after process start (config at 120 +120, jetty started at 160 +40,"
                + " root key installed at 175 +15 ms)");
    assertThat(timeline.readySummary()).as("reported once").isEmpty();
  }

  @Test
  void mark_afterTheSummary_isNotKept() {
    timeline.mark(StartupTimeline.SERVING);
    timeline.mark(StartupTimeline.KEY_INSTALLED);
    assertThat(timeline.readySummary()).isPresent();

    // a later activation (a rotation) marks its phases again; they must not pile up
    for (int i = 0; i < 1_000; i++) {
      timeline.mark("key rebuilt");
    }

    assertThat(timeline.phaseCount()).isEqualTo(2);
  }

  @Test
  void readySummary_keyBeforeServing_endsAtServing() {
    now.addAndGet(50);
    timeline.mark(StartupTimeline.KEY_INSTALLED);
    now.addAndGet(25);
    timeline.mark(StartupTimeline.SERVING);

    assertThat(timeline.readySummary())
        .hasValueSatisfying(s -> assertThat(s).startsWith("ready 75 ms"));
  }

  @Test
  void sinceProcessStart_originIsNotInTheFuture() {
    StartupTimeline real = StartupTimeline.sinceProcessStart();
    real.mark(StartupTimeline.SERVING);
    real.mark(StartupTimeline.KEY_INSTALLED);

    assertThat(real.readySummary())
        .hasValueSatisfying(s -> assertThat(s).doesNotContain("at -").doesNotContain("+-"));
  }
}
