package ist.spike.dist;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Moves the native libraries a jar ships in one resource directory into a directory beside it (ADR
 * 0248). The build runs it on its copies of Conscrypt's jar ({@value #CONSCRYPT_DIR}, every
 * platform's) and of sqlite-jdbc's (its Linux x86-64 library only: every platform's file there has
 * the same name). Both libraries would otherwise copy their library to a new temporary file at
 * every start; with the resource gone from the jar, they load it from {@code java.library.path}
 * ({@link NativeLibraryPath}).
 *
 * <p>Only the files directly in the resource directory move; a jar that holds none is left alone,
 * so a build that did not copy the jar again keeps its time and the AOT caches recorded on it stay
 * usable (the ADR 0190 amendment).
 */
public final class NativeLibraryUnpacker {
  /** Where Conscrypt's jar keeps its native libraries (one file per platform). */
  public static final String CONSCRYPT_DIR = "META-INF/native/";

  /** A library's file name: no directory, nothing hidden. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private NativeLibraryUnpacker() {}

  /**
   * Build entry point: {@code LIB_DIR (JAR_NAME RESOURCE_DIR)...}; unpacks each named jar of {@code
   * LIB_DIR} into {@code LIB_DIR/native}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length % 2 == 0) {
      throw new IllegalArgumentException(
          "usage: NativeLibraryUnpacker LIB_DIR (JAR_NAME RESOURCE_DIR)...");
    }
    Path lib = Path.of(args[0]);
    for (int i = 1; i < args.length; i += 2) {
      List<Path> moved =
          unpack(lib.resolve(args[i]), args[i + 1], lib.resolve(NativeLibraryPath.DIR));
      if (!moved.isEmpty()) {
        System.out.println("moved " + moved + " out of " + args[i]);
      }
    }
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
    if (!resourceDir.endsWith("/")) {
      throw new IllegalArgumentException("a resource directory ends with /: " + resourceDir);
    }
    List<Path> written = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> files =
          zip.stream().filter(e -> !e.isDirectory() && isDirectlyIn(e, resourceDir)).toList();
      if (files.isEmpty()) {
        requireLibrariesIn(nativeDir, jar);
        return List.of();
      }
      for (ZipEntry e : files) { // all checked before anything is written
        if (!FILE_NAME.matcher(fileName(e, resourceDir)).matches()) {
          throw new IOException(jar + " names a native library " + e.getName() + ", refused");
        }
      }
      Files.createDirectories(nativeDir);
      for (ZipEntry e : files) {
        written.add(extract(zip, e, nativeDir.resolve(fileName(e, resourceDir))));
      }
      Set<String> moved = files.stream().map(ZipEntry::getName).collect(Collectors.toSet());
      Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
      try (OutputStream file = Files.newOutputStream(rewritten);
          ZipOutputStream out = new ZipOutputStream(file)) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (moved.contains(e.getName())) {
            continue;
          }
          ZipEntry copy = new ZipEntry(e.getName());
          copy.setTime(e.getTime());
          out.putNextEntry(copy);
          try (InputStream in = zip.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
      Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
    }
    return written;
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
