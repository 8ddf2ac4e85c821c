package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.spa.vault.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedUpdateTest {
  @TempDir Path dir;

  private String read(String name) throws Exception {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void commit_replacesAllFiles() throws Exception {
    SecureFiles.write(dir.resolve("a.share"), "old-a".getBytes(StandardCharsets.UTF_8));
    new StagedUpdate(dir).put("a.share", bytes("new-a")).put("group.json", bytes("new-g")).commit();
    assertThat(read("a.share")).isEqualTo("new-a");
    assertThat(read("group.json")).isEqualTo("new-g");
    assertThat(Files.exists(dir.resolve(StagedUpdate.MARKER))).isFalse();
  }

  @Test
  void recover_crashAfterMarker_rollsForward() throws Exception {
    SecureFiles.write(dir.resolve("a.share"), bytes("old-a"));
    SecureFiles.write(dir.resolve("group.json"), bytes("old-g"));
    SecureFiles.write(dir.resolve("a.share.new"), bytes("new-a"));
    SecureFiles.write(dir.resolve("group.json.new"), bytes("new-g"));
    SecureFiles.write(dir.resolve(StagedUpdate.MARKER), bytes("a.share\ngroup.json"));
    // The crash happened after the first rename.
    Files.move(
        dir.resolve("a.share.new"),
        dir.resolve("a.share"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    StagedUpdate.recover(dir);
    assertThat(read("a.share")).isEqualTo("new-a");
    assertThat(read("group.json")).isEqualTo("new-g");
  }

  @Test
  void recover_crashBeforeMarker_discardsStagedFiles() throws Exception {
    SecureFiles.write(dir.resolve("a.share"), bytes("old-a"));
    SecureFiles.write(dir.resolve("a.share.new"), bytes("new-a"));
    StagedUpdate.recover(dir);
    assertThat(read("a.share")).isEqualTo("old-a");
    assertThat(Files.exists(dir.resolve("a.share.new"))).isFalse();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
