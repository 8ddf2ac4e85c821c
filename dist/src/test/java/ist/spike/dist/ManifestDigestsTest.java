package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestDigestsTest {
  private static final long TIME = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void strip_removesOnlyTheDigestsAndKeepsEveryOtherEntry() throws IOException {
    Path jar =
        jar(
            "bc.jar",
            """
            Manifest-Version: 1.0
            Bundle-SymbolicName: bcprov
            Multi-Release: true

            Name: org/bouncycastle/A.class
            SHA-256-Digest: AAAA

            Name: org/bouncycastle/B.class
            SHA-256-Digest: BBBB
            sha1-digest: CCCC
            Sealed: true

            """,
            "org/bouncycastle/A.class",
            "org/bouncycastle/B.class");

    assertThat(ManifestDigests.strip(jar)).isTrue();

    try (JarFile read = new JarFile(jar.toFile())) {
      Manifest m = read.getManifest();
      assertThat(m.getMainAttributes().getValue("Bundle-SymbolicName")).isEqualTo("bcprov");
      assertThat(m.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      assertThat(m.getEntries()).containsOnlyKeys("org/bouncycastle/B.class");
      assertThat(m.getAttributes("org/bouncycastle/B.class"))
          .containsExactly(Map.entry(new Attributes.Name("Sealed"), "true"));
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.stream().map(ZipEntry::getName))
          .containsExactly(
              JarFile.MANIFEST_NAME, "org/bouncycastle/A.class", "org/bouncycastle/B.class");
      assertThat(zip.stream().mapToLong(ZipEntry::getTime)).allMatch(t -> t == TIME);
      assertThat(content(zip, "org/bouncycastle/B.class")).isEqualTo("org/bouncycastle/B.class");
    }
  }

  @Test
  void strip_leavesAJarWithoutDigestsAlone() throws IOException {
    Path jar = jar("plain.jar", "Manifest-Version: 1.0\nCreated-By: x\n\n", "a/B.class");
    FileTime before = FileTime.fromMillis(TIME);
    Files.setLastModifiedTime(jar, before);
    byte[] bytes = Files.readAllBytes(jar);

    assertThat(ManifestDigests.strip(jar)).isFalse();
    assertThat(ManifestDigests.strip(jar("none.jar", null, "a/B.class"))).isFalse();

    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
    assertThat(Files.getLastModifiedTime(jar)).isEqualTo(before);
  }

  @Test
  void strip_twice_rewritesOnce() throws IOException {
    Path jar = jar("bc.jar", "Manifest-Version: 1.0\n\nName: a/B.class\nSHA-256-Digest: A\n\n");
    assertThat(ManifestDigests.strip(jar)).isTrue();
    byte[] bytes = Files.readAllBytes(jar);
    assertThat(ManifestDigests.strip(jar)).isFalse();
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
  }

  @Test
  void strip_refusesAJarThatIsStillSigned() throws IOException {
    Path jar =
        jar(
            "signed.jar",
            "Manifest-Version: 1.0\n\nName: a/B.class\nSHA-256-Digest: A\n\n",
            "META-INF/BC.SF",
            "a/B.class");
    byte[] bytes = Files.readAllBytes(jar);

    assertThatThrownBy(() -> ManifestDigests.strip(jar))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still signed");
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
    assertThat(dir.resolve("signed.jar.tmp")).doesNotExist();
  }

  @Test
  void main_stripsTheNamedJarsOfTheDirectory() throws IOException {
    Path bc = jar("bc.jar", "Manifest-Version: 1.0\n\nName: a/B.class\nSHA-256-Digest: A\n\n");
    Path other =
        jar("other.jar", "Manifest-Version: 1.0\n\nName: a/B.class\nSHA-256-Digest: A\n\n");

    ManifestDigests.main(new String[] {dir.toString(), "bc.jar"});

    assertThat(manifestText(bc)).doesNotContain("Digest");
    assertThat(manifestText(other)).contains("SHA-256-Digest");
    assertThatThrownBy(() -> ManifestDigests.main(new String[] {dir.toString()}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path jar(String name, String manifest, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      if (manifest != null) {
        put(zip, JarFile.MANIFEST_NAME, manifest.replace("\n", "\r\n"));
      }
      for (String e : List.of(entries)) {
        put(zip, e, e);
      }
    }
    return jar;
  }

  private static void put(ZipOutputStream zip, String name, String content) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(TIME);
    zip.putNextEntry(e);
    zip.write(content.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private static String content(ZipFile zip, String name) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String manifestText(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = zip.getInputStream(zip.getEntry(JarFile.MANIFEST_NAME))) {
        in.transferTo(out);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
