package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Finds signed jars on a class path. A signed jar's classes are never stored in a JDK AOT cache and
 * the JDK checks its signature at every start, so the build ships Conscrypt and BouncyCastle
 * without their signature files (ADR 0134, ADR 0190); {@link AotTrainMain} warns when one is left.
 */
final class SignedJars {
  /** Signature files as {@code java.util.jar.JarVerifier} recognises them, in META-INF itself. */
  private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

  private SignedJars() {}

  /**
   * Returns the jars among {@code classPath} that hold signature files.
   *
   * @param classPath class-path entries; entries that are not readable jars are skipped
   * @return the signed jars, in class-path order
   */
  static List<Path> among(List<Path> classPath) {
    requireNonNull(classPath, "classPath");
    return classPath.stream().filter(SignedJars::isSigned).toList();
  }

  private static boolean isSigned(Path entry) {
    if (!entry.getFileName().toString().endsWith(".jar")) {
      return false;
    }
    try (ZipFile zip = new ZipFile(entry.toFile())) {
      return zip.stream().anyMatch(e -> isSignatureFile(e.getName()));
    } catch (IOException e) {
      return false;
    }
  }

  /** True for a signature file's entry name. */
  static boolean isSignatureFile(String entryName) {
    return SIGNATURE.matcher(entryName).matches();
  }

  /** The entries of this JVM's class path. */
  static List<Path> ofThisJvm() {
    return Pattern.compile(java.io.File.pathSeparator)
        .splitAsStream(System.getProperty("java.class.path", ""))
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }
}
