package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
  private static Map<String, String> shellFlags() throws IOException {
    Path file = Path.of(System.getProperty("spike.repo.dir"), "bin", "lib", "jvm-flags.sh");
    Map<String, String> flags = new HashMap<>();
    Matcher m =
        Pattern.compile("(?m)^SPIKE_JVM_(\\w+)=\"([^\"]*)\"$").matcher(Files.readString(file));
    while (m.find()) {
      flags.put(m.group(1), m.group(2));
    }
    return flags;
  }

  @Test
  void javaAndShellListsAreTheSame() throws IOException {
    Map<String, String> shell = shellFlags();

    assertThat(shell).containsEntry("COMMON", JvmFlags.COMMON);
    assertThat(shell).containsEntry("COMMON_JDK25", JvmFlags.COMMON_JDK25);
    for (JvmFlags kind : JvmFlags.values()) {
      assertThat(shell).as(kind.name()).containsEntry(kind.name(), kind.own());
    }
    assertThat(shell).hasSize(JvmFlags.values().length + 2);
  }

  @Test
  void nexus_fullCompilerBoundedHeap() {
    assertThat(JvmFlags.NEXUS.options())
        .doesNotContain("-XX:TieredStopAtLevel=1")
        .anyMatch(o -> o.startsWith("-Xmx"))
        .contains("--add-opens=java.base/java.net=ALL-UNNAMED");
  }
}
