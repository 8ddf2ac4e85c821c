package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryUnpackerTest {
  private static final String DIR = "META-INF/native/";
  private static final String SO = "META-INF/native/libx_jni-linux-x86_64.so";
  private static final String DLL = "META-INF/native/x_jni-windows-x86_64.dll";

  @TempDir Path dir;

  @Test
  void librariesMovedBesideTheJar_classesKept_aSecondRunChangesNothing() throws Exception {
    Path jar =
        jar(
            "x.jar",
            "META-INF/MANIFEST.MF",
            "META-INF/native/",
            SO,
            DLL,
            "META-INF/native/other/libx.so",
            "org/x/X.class");
    Path nativeDir = dir.resolve("native");

    assertThat(NativeLibraryUnpacker.unpack(jar, DIR, nativeDir))
        .containsExactlyInAnyOrder(
            nativeDir.resolve("libx_jni-linux-x86_64.so"),
            nativeDir.resolve("x_jni-windows-x86_64.dll"));
    // only the files directly in the directory: another platform's, one level down, stays
    assertThat(entries(jar))
        .containsExactly(
            "META-INF/MANIFEST.MF",
            "META-INF/native/",
            "META-INF/native/other/libx.so",
            "org/x/X.class");
    assertThat(nativeDir.resolve("libx_jni-linux-x86_64.so")).hasContent(SO);
    try (ZipFile z = new ZipFile(jar.toFile())) {
      assertThat(new String(z.getInputStream(z.getEntry("org/x/X.class")).readAllBytes()))
          .isEqualTo("org/x/X.class");
    }

    // an unchanged build: the jar keeps its bytes and time, so AOT caches made on it stay valid
    FileTime before = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    Files.setLastModifiedTime(jar, before);
    byte[] bytes = Files.readAllBytes(jar);
    assertThat(NativeLibraryUnpacker.unpack(jar, DIR, nativeDir)).isEmpty();
    assertThat(Files.getLastModifiedTime(jar)).isEqualTo(before);
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
  }

  @Test
  void copy_librariesBesideTheJar_jarUnchanged_copiedAgainOnlyWhenDifferent() throws Exception {
    Path jar = jar("x.jar", SO, DLL, "org/x/X.class");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    byte[] bytes = Files.readAllBytes(jar);
    Path nativeDir = dir.resolve("native");
    Path so = nativeDir.resolve("libx_jni-linux-x86_64.so");

    assertThat(NativeLibraryUnpacker.copy(jar, DIR, nativeDir)).hasSize(2).contains(so);
    assertThat(so).hasContent(SO);
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
    assertThat(Files.getLastModifiedTime(jar))
        .isEqualTo(FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

    FileTime copied = Files.getLastModifiedTime(so);
    assertThat(NativeLibraryUnpacker.copy(jar, DIR, nativeDir)).as("nothing new").isEmpty();
    assertThat(Files.getLastModifiedTime(so)).isEqualTo(copied);

    Files.writeString(so, "another version");
    assertThat(NativeLibraryUnpacker.copy(jar, DIR, nativeDir)).containsExactly(so);
    assertThat(so).hasContent(SO);
  }

  @Test
  void libraryNotNamedByAPlainFileName_refused_nothingWritten() throws Exception {
    Path jar = jar("x.jar", SO, "META-INF/native/..", "org/x/X.class");
    byte[] bytes = Files.readAllBytes(jar);

    assertThatThrownBy(() -> NativeLibraryUnpacker.unpack(jar, DIR, dir.resolve("native")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refused");
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
    assertThat(dir.resolve("native")).as("nothing written").doesNotExist();
  }

  @Test
  void strippedJarWithoutItsLibraries_failsTheBuildWithTheFix() throws Exception {
    Path jar = jar("x.jar", "org/x/X.class");

    assertThatThrownBy(() -> NativeLibraryUnpacker.unpack(jar, DIR, dir.resolve("native")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delete the jar");
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String e : entries) {
        zip.putNextEntry(new ZipEntry(e));
        if (!e.endsWith("/")) {
          zip.write(e.getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (ZipFile z = new ZipFile(jar.toFile())) {
      return z.stream().map(ZipEntry::getName).toList();
    }
  }
}
