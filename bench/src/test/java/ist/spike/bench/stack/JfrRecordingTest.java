package ist.spike.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JfrRecordingTest {
  @TempDir Path dir;

  @Test
  void recordsAJvmThroughJcmdAndCountsItsGcPauses() throws Exception {
    JfrRecording recording =
        JfrRecording.start(ProcessHandle.current().pid(), dir.resolve("self.jfr"));
    System.gc(); // a full collection: at least one pause the summary must see
    Path file = recording.stop();

    assertThat(file).exists();
    assertThat(Files.size(file)).isPositive();
    JfrRecording.Summary s = JfrRecording.summarize(file);
    assertThat(s.gcPauses()).isPositive();
    assertThat(s.gcPauseMaxMs()).isPositive().isLessThanOrEqualTo(s.gcPauseTotalMs());
    assertThat(s.toString()).contains(s.gcPauses() + " GC pauses");
  }

  @Test
  void aProcessThatIsNotAJvmIsAClearError() {
    assertThatThrownBy(() -> JfrRecording.start(Long.MAX_VALUE / 2, dir.resolve("none.jfr")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("jcmd JFR.start");
  }
}
