package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedJarsTest {
  @TempDir Path dir;

  @Test
  void among_jarWithSignatureFile_isFound() throws IOException {
    Path signed = jar("signed.jar", "META-INF/MANIFEST.MF", "META-INF/BC1024KE.SF", "a/B.class");
    Path dsa = jar("dsa.jar", "META-INF/BC1024KE.DSA", "a/B.class");
    Path plain = jar("plain.jar", "META-INF/MANIFEST.MF", "a/B.class");
    // a signature-like name below META-INF's own level is not a signature file
    Path nested = jar("nested.jar", "META-INF/versions/9/X.SF", "a/B.class");

    assertThat(SignedJars.among(List.of(signed, plain, dsa, nested, dir.resolve("missing.jar"))))
        .containsExactly(signed, dsa);
  }

  private Path jar(String name, String... entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String e : entries) {
        zip.putNextEntry(new ZipEntry(e));
        zip.write(1);
        zip.closeEntry();
      }
    }
    return jar;
  }
}
