package ist.spike.identity.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/** Directories readable only by their owner (0700) and files written atomically with 0600. */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  private static boolean posix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  /**
   * Creates a directory and its missing parents; a newly created leaf directory gets 0700.
   *
   * @param dir the directory
   * @return true if the directory was created now
   * @throws IOException if it cannot be created
   */
  public static boolean createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return false;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (posix(parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
      } else {
        Files.createDirectory(dir);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * Tells whether a path is accessible by group or others.
   *
   * @param path an existing file or directory
   * @return true if it has any group or other permission bit
   */
  public static boolean isShared(Path path) throws IOException {
    if (!posix(path)) {
      return false;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
    for (PosixFilePermission p : perms) {
      if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes a file atomically (temporary file in the same directory, then rename) with 0600.
   *
   * @param file the target file, replaced if it exists
   * @param bytes the content; the caller zeroes it if secret
   * @throws IOException if writing fails
   */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if (posix(dir)) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
      } else {
        Files.createFile(tmp);
      }
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Opens a lock file for writing, creating it with 0600 if absent; it is never replaced, so that
   * every process locking it locks the same file.
   *
   * @param file the lock file
   * @return a channel to take the lock on; the caller closes it
   * @throws IOException if it cannot be created or opened
   */
  public static FileChannel openLockFile(Path file) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (posix(file.toAbsolutePath().getParent())) {
      return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE));
    }
    return FileChannel.open(file, options);
  }
}
