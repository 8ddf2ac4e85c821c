package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Takes the per-entry digests out of the manifest of a jar whose signature files the build has
 * removed (ADRs 0134, 0190), so that opening the jar reads a short manifest (ADR 0256).
 *
 * <p>The JDK reads the whole manifest of every jar it opens from the class path, to look for {@code
 * Class-Path} and {@code Multi-Release}; {@code System.getLogger} opens every jar of the class path
 * (its {@code ServiceLoader} looks in each for a logger finder). BouncyCastle's manifests list a
 * digest for each of its thousands of classes (843 KB for {@code bcprov}), and reading them made up
 * about 20 ms of a {@code spike secret get}. Without the signature files, the digests verify
 * nothing. Only attributes named {@code *-Digest} go, and an entry section left empty; the main
 * section and every other attribute stay. A jar without digests is left alone, so a build that did
 * not copy the jar again keeps its time and the AOT caches recorded on it stay usable.
 */
public final class ManifestDigests {
  private static final String DIGEST_SUFFIX = "-Digest";

  private ManifestDigests() {}

  /** Build entry point: {@code LIB_DIR JAR_NAME...}; strips the digests of each named jar. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ManifestDigests LIB_DIR JAR_NAME...");
    }
    Path lib = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      if (strip(lib.resolve(args[i]))) {
        System.out.println("manifest digests removed from " + args[i]);
      }
    }
  }

  /**
   * Rewrites {@code jar} with its manifest's per-entry digests removed; every other entry is copied
   * as it is, in the same order and with the same time.
   *
   * @return true when the jar was rewritten, false when its manifest had no digests (or it has no
   *     manifest)
   * @throws IOException if the jar cannot be read or rewritten
   * @throws IllegalStateException if the jar still has signature files (unsign it first: its
   *     signature would no longer match)
   */
  public static boolean strip(Path jar) throws IOException {
    requireNonNull(jar, "jar");
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry manifestEntry = zip.getEntry(JarFile.MANIFEST_NAME);
      if (manifestEntry == null) {
        return false;
      }
      Manifest manifest;
      try (InputStream in = zip.getInputStream(manifestEntry)) {
        manifest = new Manifest(in);
      }
      if (!removeDigests(manifest)) {
        return false;
      }
      if (zip.stream().anyMatch(e -> SignedJars.isSignatureFile(e.getName()))) {
        throw new IllegalStateException(jar + " is still signed; remove its signature files first");
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      manifest.write(bytes);
      JarRewrite.rewrite(
          zip, jar, name -> true, Map.of(JarFile.MANIFEST_NAME, bytes.toByteArray()));
      return true;
    }
  }

  /** Removes every {@code *-Digest} attribute of the entry sections; true if there was one. */
  static boolean removeDigests(Manifest manifest) {
    boolean removed = false;
    Iterator<Map.Entry<String, Attributes>> sections = manifest.getEntries().entrySet().iterator();
    while (sections.hasNext()) {
      Attributes attributes = sections.next().getValue();
      removed |= attributes.keySet().removeIf(name -> isDigest(name.toString()));
      if (attributes.isEmpty()) {
        sections.remove();
      }
    }
    return removed;
  }

  private static boolean isDigest(String attribute) {
    return attribute.regionMatches(
        true,
        attribute.length() - DIGEST_SUFFIX.length(),
        DIGEST_SUFFIX,
        0,
        DIGEST_SUFFIX.length());
  }
}
