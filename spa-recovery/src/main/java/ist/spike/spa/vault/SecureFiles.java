package ist.spike.spa.vault;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Private files: 0600 files in 0700 directories, written atomically. */
public final class SecureFiles {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates a directory (and parents) and makes it 0700.
   *
   * @param dir the directory
   * @throws IOException if it cannot be created
   */
  public static void ensureDirectory(Path dir) throws IOException {
    if (posix()) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
      Files.setPosixFilePermissions(dir, DIR);
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Writes a new private file; fails if it exists. */
  static void writeNew(Path file, byte[] content) throws IOException {
    ensureDirectory(file.toAbsolutePath().getParent());
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    write(file, content);
  }

  /**
   * Atomically replaces a private file (temp file 0600, then rename).
   *
   * @param file the file
   * @param content its new content
   * @throws IOException if writing fails
   */
  public static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    ensureDirectory(dir);
    Path tmp =
        posix()
            ? Files.createTempFile(
                dir, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(FILE))
            : Files.createTempFile(dir, ".tmp-", ".part");
    try {
      Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Fails unless the file is a regular file with no group or other permissions. */
  static void checkPrivate(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.NoSuchFileException(file.toString());
    }
    if (posix()) {
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!FILE.containsAll(perms)) {
        throw new IOException(
            file
                + " is readable by others ("
                + PosixFilePermissions.toString(perms)
                + "); chmod 600 it");
      }
    }
  }
}
