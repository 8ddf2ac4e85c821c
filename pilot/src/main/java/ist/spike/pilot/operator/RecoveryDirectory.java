package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code spike operator recover} writes recovery files, chosen as SPIKE's Pilot does: {@code
 * $SPIKE_PILOT_RECOVERY_DIR/recover} when that variable names a usable directory, else {@code
 * ~/.spike/recover}, else {@code /tmp/.spike-$USER/recover}. The directory is 0700 and each file
 * 0600.
 */
final class RecoveryDirectory {
  static final String FILE_PREFIX = "spike.recovery";
  private static final List<String> FORBIDDEN_ROOTS =
      List.of(
          "/etc", "/sys", "/proc", "/dev", "/bin", "/sbin", "/usr", "/lib", "/lib64", "/boot",
          "/root");
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  private RecoveryDirectory(Path dir) {
    this.dir = dir;
  }

  /** Returns the directory. */
  Path path() {
    return dir;
  }

  /**
   * Chooses and creates (0700) the recovery directory.
   *
   * @param env the environment ({@code SPIKE_PILOT_RECOVERY_DIR}, {@code HOME}, {@code USER})
   * @throws IOException if no candidate directory can be created
   */
  static RecoveryDirectory resolve(Map<String, String> env) throws IOException {
    requireNonNull(env, "env");
    Optional<Path> fromEnv = validEnvDir(env.get("SPIKE_PILOT_RECOVERY_DIR"));
    if (fromEnv.isPresent()) {
      return create(fromEnv.get().resolve("recover"));
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    if (home != null && !home.isBlank()) {
      try {
        return create(Path.of(home, ".spike", "recover"));
      } catch (IOException fallThrough) {
        // SPIKE falls back to /tmp when the home directory is not writable
      }
    }
    String user = env.getOrDefault("USER", "spike");
    return create(Path.of("/tmp", ".spike-" + (user.isBlank() ? "spike" : user), "recover"));
  }

  static Optional<Path> validEnvDir(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.contains("..") || value.contains("./") || value.contains("//")) {
      return Optional.empty();
    }
    Path p = Path.of(value.trim()).toAbsolutePath().normalize();
    String s = p.toString();
    if (s.equals("/")) {
      return Optional.empty();
    }
    for (String root : FORBIDDEN_ROOTS) {
      if (s.equals(root) || s.startsWith(root + "/")) {
        return Optional.empty();
      }
    }
    if (Files.isDirectory(p) || (p.getParent() != null && Files.isDirectory(p.getParent()))) {
      return Optional.of(p);
    }
    return Optional.empty();
  }

  private static RecoveryDirectory create(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (posix(abs)) {
      FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(DIR_MODE);
      if (!Files.isDirectory(abs)) {
        Files.createDirectories(abs.getParent());
        try {
          Files.createDirectory(abs, mode);
        } catch (FileAlreadyExistsException raced) {
          // another process created it; fix its mode below
        }
      }
      Files.setPosixFilePermissions(abs, DIR_MODE);
    } else {
      Files.createDirectories(abs);
    }
    return new RecoveryDirectory(abs);
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Deletes every earlier {@code spike.recovery*.txt} file in the directory. */
  void deleteOldFiles() throws IOException {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, FILE_PREFIX + "*.txt")) {
      for (Path p : old) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Writes one file, created 0600 (never readable by others, not even briefly).
   *
   * @param name the file name
   * @param content the bytes; the caller zeroes its array afterwards
   * @return the written file
   */
  Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.deleteIfExists(file);
    if (posix(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
    } else {
      Files.createFile(file);
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(content);
    }
    return file;
  }
}
