package ist.spike.buildtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CacheableClassFilesTest {
  @TempDir Path dir;

  @Test
  void picocli_everyClassRewritten_passesTheSplitVerifier_otherEntriesUnchanged() throws Exception {
    Path original = jarOf(CommandLine.class);
    Map<String, byte[]> before = entries(original);
    assertThat(before.values().stream().filter(CacheableClassFilesTest::isOld).count())
        .as("picocli still ships Java 5 class files (else this step is no longer needed)")
        .isGreaterThan(100);

    Path jar = copy(original, "picocli.jar");
    Set<PosixFilePermission> readable = PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(jar, readable);
    int rewritten = CacheableClassFiles.rewrite(jar);

    // the launchers' users read the jar: the rewrite's temporary file was created 0600
    assertThat(Files.getPosixFilePermissions(jar)).isEqualTo(readable);

    Map<String, byte[]> after = entries(jar);
    assertThat(rewritten)
        .isEqualTo(before.values().stream().filter(CacheableClassFilesTest::isOld).count());
    assertThat(new ArrayList<>(after.keySet())).isEqualTo(new ArrayList<>(before.keySet()));
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      byte[] now = after.get(e.getKey());
      if (isOld(e.getValue())) {
        assertThat(CacheableClassFiles.majorVersion(now)).as(e.getKey()).isEqualTo(52);
      } else {
        assertThat(now).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
    // Version 52 classes get no fallback to the old verifier: each one must load and verify.
    int loaded = 0;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (String name : after.keySet()) {
        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
          String binary = name.substring(0, name.length() - 6).replace('/', '.');
          Class<?> c = Class.forName(binary, true, loader);
          assertThat(c.getClassLoader()).isSameAs(loader);
          loaded++;
        }
      }
    }
    assertThat(loaded).isEqualTo(rewritten);
  }

  @Test
  void rewrittenJar_secondRun_leavesTheFileUntouched() throws Exception {
    Path jar = copy(jarOf(CommandLine.class), "picocli.jar");
    CacheableClassFiles.rewrite(jar);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(jar, old);
    byte[] once = Files.readAllBytes(jar);

    assertThat(CacheableClassFiles.rewrite(jar)).isZero();

    assertThat(Files.readAllBytes(jar)).isEqualTo(once);
    assertThat(Files.getLastModifiedTime(jar)).isEqualTo(old);
  }

  @Test
  void jarOfModernClasses_isLeftAsItIs() throws Exception {
    Path jar = copy(jarOf(Assertions.class), "assertj.jar");
    byte[] bytes = Files.readAllBytes(jar);

    assertThat(CacheableClassFiles.rewrite(jar)).isZero();

    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
  }

  @Test
  void oldClassThatCannotBeParsed_failsNamingIt_jarUnchanged() throws Exception {
    Path jar = dir.resolve("broken.jar");
    // a Java 5 header followed by a truncated constant pool
    byte[] broken = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 49, 0, 9, 1};
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("a/B.class"));
      zip.write(broken);
      zip.closeEntry();
    }
    byte[] bytes = Files.readAllBytes(jar);

    assertThatThrownBy(() -> CacheableClassFiles.rewrite(jar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/B.class cannot be rewritten");
    assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("broken.jar");
    }
  }

  static Path jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private Path copy(Path jar, String name) throws IOException {
    Path to = dir.resolve(name);
    Files.copy(jar, to);
    return to;
  }

  private static boolean isOld(byte[] entry) {
    return entry.length >= 8
        && (entry[0] & 0xff) == 0xCA
        && (entry[1] & 0xff) == 0xFE
        && CacheableClassFiles.majorVersion(entry) < 50;
  }

  private static Map<String, byte[]> entries(Path jar) throws IOException {
    Map<String, byte[]> all = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(e)) {
          all.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return all;
  }
}
