package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcessAgeTest {
  /** A stat line whose command holds spaces and parentheses; starttime (field 22) is 123456. */
  private static final String STAT =
      "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 50 10 0 0 20 0 30 0 123456"
          + " 4000000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0\n";

  @Test
  void ageIsUptimeMinusTheStartInTicks() {
    // started 1,234.56 s after boot; now 1,300.12 s after boot
    assertThat(ProcessAge.millis(STAT, "1300.12 2400.50\n")).hasValue(65_560);
  }

  @Test
  void aStartAfterTheUptimeIsNoAge() {
    assertThat(ProcessAge.millis(STAT, "1000.00 2000.00\n")).isEmpty();
  }

  @Test
  void filesOfAnotherShapeGiveNoAge() {
    assertThat(ProcessAge.millis("4242 java S 1", "1300.12 1.0")).isEmpty();
    assertThat(ProcessAge.millis("4242 (java) S 1 2 3", "1300.12 1.0")).isEmpty();
    assertThat(ProcessAge.millis(STAT.replace("123456", "12x456"), "1300.12 1.0")).isEmpty();
    assertThat(ProcessAge.millis(STAT, "")).isEmpty();
    assertThat(ProcessAge.millis(STAT, "up 5 days")).isEmpty();
  }

  @Test
  void onLinuxTheAgeIsWithinASecondBelowTheProcessHandlesOne() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
    long now = System.currentTimeMillis();
    long handleAge =
        now - ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();

    long age = ProcessAge.millis().orElseThrow();

    // the handle's instant is early by the boot time's lost fraction of a second (0 to 1 s)
    assertThat(age).isBetween(handleAge - 1_050, handleAge + 50);
    assertThat(Instant.ofEpochMilli(now - age)).isBefore(Instant.now());
  }
}
