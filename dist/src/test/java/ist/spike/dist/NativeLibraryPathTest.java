package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryPathTest {
  @TempDir Path dir;

  @Test
  void jarsBesideANativeDirectory_getItAsLibraryPath_onceAndFirstForAnyForm() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Path nativeDir = Files.createDirectories(lib.resolve(NativeLibraryPath.DIR));
    String[] options = {"-Djava.library.path=" + nativeDir, "-Dorg.sqlite.lib.path=" + nativeDir};

    assertThat(NativeLibraryPath.optionsFor(lib + "/a.jar" + File.pathSeparator + lib + "/b.jar"))
        .containsExactly(options);
    assertThat(NativeLibraryPath.optionsFor(lib + "/*")).containsExactly(options);
  }

  @Test
  void classPathWithoutNativeDirectory_noOption() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("module/target/classes"));
    Path repoJar = dir.resolve("m2/org/x/1/x-1.jar");

    assertThat(NativeLibraryPath.optionsFor(classes + File.pathSeparator + repoJar)).isEmpty();
    assertThat(NativeLibraryPath.optionsFor("")).isEmpty();
  }

  @Test
  void twoLibDirectories_bothInClassPathOrder() throws IOException {
    Path a = Files.createDirectories(dir.resolve("a/native")).getParent();
    Path b = Files.createDirectories(dir.resolve("b/native")).getParent();

    assertThat(NativeLibraryPath.optionsFor(b + "/x.jar" + File.pathSeparator + a + "/y.jar"))
        .containsExactly(
            "-Djava.library.path=" + b.resolve("native") + File.pathSeparator + a.resolve("native"),
            "-Dorg.sqlite.lib.path=" + b.resolve("native"));
  }
}
