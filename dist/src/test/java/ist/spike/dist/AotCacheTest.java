package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {
  @TempDir Path dir;

  @Test
  void useOptions_noCacheFile_none() {
    assertThat(AotCache.in(dir).useOptions("ist.spike.nexus.NexusMain")).isEmpty();
  }

  @Test
  void useOptions_cacheFilePresent_namesItQuietly() throws Exception {
    AotCache aot = AotCache.in(dir);
    Files.writeString(dir.resolve("NexusMain.aot"), "x");

    assertThat(aot.useOptions("ist.spike.nexus.NexusMain"))
        .containsExactly(
            "-XX:AOTCache=" + dir.resolve("NexusMain.aot"), "-Xlog:aot=off", "-Xlog:cds=off");
    assertThat(aot.useOptions("ist.spike.keeper.KeeperMain")).isEmpty();
  }

  @Test
  void recordAndCreateOptions_shareTheConfigurationFile() {
    AotCache aot = AotCache.in(dir);
    String conf = "-XX:AOTConfiguration=" + dir.resolve("KeeperMain.aotconf");

    assertThat(aot.recordOptions("ist.spike.keeper.KeeperMain"))
        .contains("-XX:AOTMode=record", conf);
    assertThat(aot.createOptions("ist.spike.keeper.KeeperMain", dir.resolve("k.tmp")))
        .contains("-XX:AOTMode=create", conf, "-XX:AOTCache=" + dir.resolve("k.tmp"));
  }

  @Test
  void cacheFile_notAClassName_refused() {
    assertThatThrownBy(() -> AotCache.in(dir).cacheFile("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a class name");
  }

  @Test
  void fromSystemProperties_unset_empty() {
    String before = System.getProperty(AotCache.DIR_PROPERTY);
    System.clearProperty(AotCache.DIR_PROPERTY);
    try {
      assertThat(AotCache.fromSystemProperties()).isEmpty();
    } finally {
      if (before != null) {
        System.setProperty(AotCache.DIR_PROPERTY, before);
      }
    }
  }
}
