package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Puts the native libraries a jar ships in one resource directory into a directory beside it (ADR
 * 0248), where they load from instead of being copied to a new temporary file at every start
 * ({@link NativeLibraryPath}). The build runs it on its copies of Conscrypt's jar and of
 * sqlite-jdbc's:
 *
 * <ul>
 *   <li>{@link #unpack} moves them out: Conscrypt ({@value #CONSCRYPT_DIR}, every platform's) loads
 *       from {@code java.library.path} only when its jar has no such resource. A jar that holds
 *       none is left alone, so a build that did not copy the jar again keeps its time and the AOT
 *       caches recorded on it stay usable (the ADR 0190 amendment).
 *   <li>{@link #copy} copies them and leaves the jar as it is: sqlite-jdbc loads from {@code
 *       org.sqlite.lib.path} before it looks at its resources, and a JVM started without that
 *       setting still extracts the library as before. Only its Linux x86-64 library is copied:
 *       every platform's file there has the same name.
 * </ul>
 *
 * <p>Only the files directly in the resource directory are taken.
 */
public final class NativeLibraryUnpacker {
  /** Where Conscrypt's jar keeps its native libraries (one file per platform). */
  public static final String CONSCRYPT_DIR = "META-INF/native/";

  /** A library's file name: no directory, nothing hidden. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private NativeLibraryUnpacker() {}

  /**
   * Build entry point: {@code LIB_DIR (JAR_NAME RESOURCE_DIR move|copy)...}; puts the libraries of
   * each named jar of {@code LIB_DIR} into {@code LIB_DIR/native}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 4 || args.length % 3 != 1) {
      throw new IllegalArgumentException(
          "usage: NativeLibraryUnpacker LIB_DIR (JAR_NAME RESOURCE_DIR move|copy)...");
    }
    Path lib = Path.of(args[0]);
    Path nativeDir = lib.resolve(NativeLibraryPath.DIR);
    for (int i = 1; i < args.length; i += 3) {
      Path jar = lib.resolve(args[i]);
      List<Path> written =
          switch (args[i + 2]) {
            case "move" -> unpack(jar, args[i + 1], nativeDir);
            case "copy" -> copy(jar, args[i + 1], nativeDir);
            default -> throw new IllegalArgumentException("move or copy, not " + args[i + 2]);
          };
      if (!written.isEmpty()) {
        System.out.println(args[i + 2] + ": " + written + " from " + args[i]);
      }
    }
  }

  /**
   * Copies the files directly in {@code resourceDir} of {@code jar} into {@code nativeDir} unless a
   * file of the same size and time is there already; the jar is not changed.
   *
   * @param resourceDir a directory inside the jar, ending with {@code /}
   * @return the libraries written, empty when all were there already
   * @throws IOException if the jar cannot be read, holds no such file, or a library's name is not a
   *     plain file name (then nothing is written)
   */
  public static List<Path> copy(Path jar, String resourceDir, Path nativeDir) throws IOException {
    requireNonNull(jar, "jar");
    requireNonNull(nativeDir, "nativeDir");
    List<Path> written = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> files = librariesIn(zip, jar, resourceDir);
      if (files.isEmpty()) {
        throw new IOException(jar + " holds no native library in " + resourceDir);
      }
      Files.createDirectories(nativeDir);
      for (ZipEntry e : files) {
        Path target = nativeDir.resolve(fileName(e, resourceDir));
        if (!Files.isRegularFile(target)
            || Files.size(target) != e.getSize()
            || Files.getLastModifiedTime(target).toMillis() != e.getTime()) {
          written.add(extract(zip, e, target));
        }
      }
    }
    return written;
  }

  /**
   * Extracts the files directly in {@code resourceDir} of {@code jar} into {@code nativeDir} and
   * rewrites the jar without them; does nothing to a jar without them.
   *
   * @param resourceDir a directory inside the jar, ending with {@code /}
   * @return the libraries written, empty when the jar held none
   * @throws IOException if the jar cannot be read or rewritten, or a library's name is not a plain
   *     file name (then nothing is written)
   * @throws IllegalStateException if neither the jar nor {@code nativeDir} holds a library (the jar
   *     was stripped by an earlier build and the directory was removed since)
   */
  public static List<Path> unpack(Path jar, String resourceDir, Path nativeDir) throws IOException {
    requireNonNull(jar, "jar");
    requireNonNull(nativeDir, "nativeDir");
    List<Path> written = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> files = librariesIn(zip, jar, resourceDir);
      if (files.isEmpty()) {
        requireLibrariesIn(nativeDir, jar);
        return List.of();
      }
      Files.createDirectories(nativeDir);
      for (ZipEntry e : files) {
        written.add(extract(zip, e, nativeDir.resolve(fileName(e, resourceDir))));
      }
      Set<String> moved = files.stream().map(ZipEntry::getName).collect(Collectors.toSet());
      JarRewrite.rewrite(zip, jar, name -> !moved.contains(name), Map.of());
    }
    return written;
  }

  /** The files directly in {@code resourceDir}, all checked before anything is written. */
  private static List<? extends ZipEntry> librariesIn(ZipFile zip, Path jar, String resourceDir)
      throws IOException {
    if (!resourceDir.endsWith("/")) {
      throw new IllegalArgumentException("a resource directory ends with /: " + resourceDir);
    }
    List<? extends ZipEntry> files =
        zip.stream().filter(e -> !e.isDirectory() && isDirectlyIn(e, resourceDir)).toList();
    for (ZipEntry e : files) {
      if (!FILE_NAME.matcher(fileName(e, resourceDir)).matches()) {
        throw new IOException(jar + " names a native library " + e.getName() + ", refused");
      }
    }
    return files;
  }

  private static boolean isDirectlyIn(ZipEntry e, String resourceDir) {
    return e.getName().startsWith(resourceDir)
        && e.getName().indexOf('/', resourceDir.length()) < 0;
  }

  private static String fileName(ZipEntry e, String resourceDir) {
    return e.getName().substring(resourceDir.length());
  }

  private static Path extract(ZipFile zip, ZipEntry e, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (InputStream in = zip.getInputStream(e)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setLastModifiedTime(tmp, FileTime.fromMillis(e.getTime()));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static void requireLibrariesIn(Path nativeDir, Path jar) throws IOException {
    if (Files.isDirectory(nativeDir)) {
      try (var files = Files.list(nativeDir)) {
        if (files.anyMatch(Files::isRegularFile)) {
          return;
        }
      }
    }
    throw new IllegalStateException(
        jar
            + " holds no native library and "
            + nativeDir
            + " none either: delete the jar so that the build copies it again");
  }
}
