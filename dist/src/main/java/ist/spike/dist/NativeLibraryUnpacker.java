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
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Moves the native libraries a jar ships under {@value #RESOURCE_DIR} into a directory beside it
 * (ADR 0248): the build runs it on its copy of Conscrypt's jar, whose library Conscrypt would
 * otherwise copy to a new temporary file at every start; with the resource gone from the jar,
 * Conscrypt loads it from {@code java.library.path} ({@link NativeLibraryPath}).
 *
 * <p>A jar that holds no such resource is left alone, so a build that did not copy the jar again
 * keeps its time and the AOT caches recorded on it stay usable (the ADR 0190 amendment).
 */
public final class NativeLibraryUnpacker {
  /** Where a jar keeps its native libraries (Conscrypt's and Netty's convention). */
  public static final String RESOURCE_DIR = "META-INF/native/";

  /** A library's file name: no directory, nothing hidden. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

  private NativeLibraryUnpacker() {}

  /**
   * Build entry point: {@code LIB_DIR JAR_NAME...}; unpacks each named jar of {@code LIB_DIR} into
   * {@code LIB_DIR/native}.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: NativeLibraryUnpacker LIB_DIR JAR_NAME...");
    }
    Path lib = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      List<Path> moved = unpack(lib.resolve(args[i]), lib.resolve(NativeLibraryPath.DIR));
      if (!moved.isEmpty()) {
        System.out.println("moved " + moved + " out of " + args[i]);
      }
    }
  }

  /**
   * Extracts the files under {@value #RESOURCE_DIR} of {@code jar} into {@code nativeDir} and
   * rewrites the jar without them; does nothing to a jar without them.
   *
   * @return the libraries written, empty when the jar held none
   * @throws IOException if the jar cannot be read or rewritten, or names a library by a path
   * @throws IllegalStateException if neither the jar nor {@code nativeDir} holds a library (the jar
   *     was stripped by an earlier build and the directory was removed since)
   */
  public static List<Path> unpack(Path jar, Path nativeDir) throws IOException {
    requireNonNull(jar, "jar");
    requireNonNull(nativeDir, "nativeDir");
    List<Path> written = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> libraries =
          zip.stream().filter(e -> e.getName().startsWith(RESOURCE_DIR)).toList();
      if (libraries.isEmpty()) {
        requireLibrariesIn(nativeDir, jar);
        return List.of();
      }
      List<? extends ZipEntry> files = libraries.stream().filter(e -> !e.isDirectory()).toList();
      for (ZipEntry e : files) { // all checked before anything is written
        if (!FILE_NAME.matcher(fileName(e)).matches()) {
          throw new IOException(jar + " names a native library by a path, refused: " + e.getName());
        }
      }
      Files.createDirectories(nativeDir);
      for (ZipEntry e : files) {
        written.add(extract(zip, e, nativeDir));
      }
      Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
      try (OutputStream file = Files.newOutputStream(rewritten);
          ZipOutputStream out = new ZipOutputStream(file)) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (e.getName().startsWith(RESOURCE_DIR)) {
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

  private static Path extract(ZipFile zip, ZipEntry e, Path nativeDir) throws IOException {
    String name = fileName(e);
    Path target = nativeDir.resolve(name);
    Path tmp = nativeDir.resolve(name + ".tmp");
    try (InputStream in = zip.getInputStream(e)) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setLastModifiedTime(tmp, FileTime.fromMillis(e.getTime()));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static String fileName(ZipEntry e) {
    return e.getName().substring(RESOURCE_DIR.length());
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
