package ist.spike.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a jar the build changes in place ({@link NativeLibraryUnpacker}, {@link
 * ManifestDigests}): entry by entry, in the same order and with the same times, into a temporary
 * file beside it, which then replaces it with the original's permissions. A rewrite that fails
 * leaves the jar as it was and no temporary file behind.
 */
final class JarRewrite {
  private JarRewrite() {}

  /**
   * Rewrites {@code jar}, read through {@code zip}, keeping the entries {@code keep} accepts, with
   * the bytes of {@code replaced} in place of the entries it names.
   *
   * @param zip the jar, open
   * @param jar its path
   * @param keep which entries (by name) the new jar holds
   * @param replaced new contents by entry name
   * @throws IOException if the jar cannot be read or written
   */
  static void rewrite(ZipFile zip, Path jar, Predicate<String> keep, Map<String, byte[]> replaced)
      throws IOException {
    Path rewritten = Files.createTempFile(jar.toAbsolutePath().getParent(), ".rewrite-", ".jar");
    try {
      copy(zip, rewritten, keep, replaced);
      keepPermissions(jar, rewritten);
      Files.move(
          rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(rewritten);
    }
  }

  private static void copy(
      ZipFile zip, Path target, Predicate<String> keep, Map<String, byte[]> replaced)
      throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(file)) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!keep.test(e.getName())) {
          continue;
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        byte[] bytes = replaced.get(e.getName());
        if (bytes != null) {
          out.write(bytes);
        } else {
          try (InputStream in = zip.getInputStream(e)) {
            in.transferTo(out);
          }
        }
        out.closeEntry();
      }
    }
  }

  /** A temporary file is created 0600; the rewritten jar keeps the original's permissions. */
  private static void keepPermissions(Path from, Path to) throws IOException {
    if (Files.getFileStore(from).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    }
  }
}
