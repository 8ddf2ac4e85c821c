package ist.spike.dist.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.dist.AotCache;
import ist.spike.dist.JvmFlags;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevStackRecordOptionsTest {
  private final AotCache aot = AotCache.in(Path.of("/tmp/aot"));

  @Test
  void nexusRecordOptions_recordNoProfiles() {
    // ADR 0258: the recording Nexus gets its kind's cache options before the record's own
    List<String> options = DevStack.nexusRecordOptions(aot);
    assertThat(options).startsWith("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
    assertThat(options).containsSubsequence(JvmFlags.NEXUS.aotCacheOptions());
    assertThat(options).endsWith(aot.recordOptions(DevStack.NEXUS_MAIN).toArray(String[]::new));
  }

  @Test
  void keeperRecordOptions_recordNoProfilesAndNoAdapters() {
    List<String> options = DevStack.keeperRecordOptions(aot);
    assertThat(options)
        .startsWith(
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining", "-XX:-AOTAdapterCaching");
    assertThat(options).endsWith(aot.recordOptions(DevStack.KEEPER_MAIN).toArray(String[]::new));
  }
}
