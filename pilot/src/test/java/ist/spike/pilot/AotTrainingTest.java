package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
  @Test
  void main_runsTheTrainingCommands_andLeavesNoFilesBehind() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

    AotTraining.main(new String[0]);

    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("spike-aot-training"));
    }
  }
}
