package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeJavaTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(RuntimeJava.PROPERTY);
  }

  @Test
  void forThisJvm_noProperty_thisJvmsJava() {
    assertThat(RuntimeJava.forThisJvm())
        .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"))
        .isExecutable();
  }

  @Test
  void forThisJvm_propertyNamesAJava_thatJava_alsoForTheAotTrainingRuns() throws Exception {
    Path jdkJava = Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath();
    Path link = dir.resolve("java");
    Files.createSymbolicLink(link, jdkJava);
    System.setProperty(RuntimeJava.PROPERTY, link.toString());

    assertThat(RuntimeJava.forThisJvm()).isEqualTo(link);
    assertThat(AotTrainMain.command(List.of("-Xmx8m"), "cp", List.of("Main")))
        .containsExactly(link.toString(), "-Xmx8m", "-cp", "cp", "Main");
  }

  @Test
  void forThisJvm_propertyNamesNoExecutable_saysWhich() {
    System.setProperty(RuntimeJava.PROPERTY, dir.resolve("missing/java").toString());

    assertThatThrownBy(RuntimeJava::forThisJvm)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RuntimeJava.PROPERTY)
        .hasMessageContaining(dir.resolve("missing/java").toString());
  }
}
