package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarRewriteTest {
  private static final long TIME = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void rewrite_keepsOrderAndTimes_dropsAndReplacesByName() throws IOException {
    Path jar = jar("a.jar", "one", "two", "three");

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      JarRewrite.rewrite(
          zip, jar, name -> !name.equals("two"), Map.of("three", bytes("new three")));
    }

    try (ZipFile read = new ZipFile(jar.toFile())) {
      assertThat(read.stream().map(ZipEntry::getName)).containsExactly("one", "three");
      assertThat(read.getInputStream(read.getEntry("one")).readAllBytes())
          .isEqualTo(bytes("content of one"));
      assertThat(read.getInputStream(read.getEntry("three")).readAllBytes())
          .isEqualTo(bytes("new three"));
      assertThat(read.stream().map(ZipEntry::getTime)).containsOnly(TIME);
    }
    assertThat(filesIn(dir)).containsExactly("a.jar");
  }

  @Test
  void rewrite_keepsTheJarsPermissions() throws IOException {
    Path jar = jar("a.jar", "one");
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r-----"));

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      JarRewrite.rewrite(zip, jar, name -> true, Map.of("one", bytes("changed")));
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void rewrite_thatFails_leavesTheJarAsItWasAndNoTemporaryFile() throws IOException {
    Path jar = jar("a.jar", "one", "two");
    byte[] before = Files.readAllBytes(jar);

    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThatThrownBy(
              () ->
                  JarRewrite.rewrite(
                      zip,
                      jar,
                      name -> {
                        if (name.equals("two")) {
                          throw new UncheckedIOException(new IOException("disk full"));
                        }
                        return true;
                      },
                      Map.of()))
          .hasMessageContaining("disk full");
    }

    assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    assertThat(filesIn(dir)).containsExactly("a.jar");
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (String entry : entries) {
        ZipEntry e = new ZipEntry(entry);
        e.setTime(TIME);
        out.putNextEntry(e);
        out.write(bytes("content of " + entry));
        out.closeEntry();
      }
    }
    return jar;
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
