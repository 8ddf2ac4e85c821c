package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc's native library, extracted once into a private directory and loaded from there on
 * every later start (sqlite-jdbc's {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}
 * properties), instead of sqlite-jdbc's default: extract to the temporary directory, compare MD5
 * sums and sweep old copies at every start (ADR 0175).
 *
 * <p>The copy lives in {@code native/sqlite-jdbc-VERSION/} of Nexus's data directory (0700), made
 * only once that directory exists (a restart; the first start keeps sqlite-jdbc's default), so an
 * upgrade extracts a new one. The library is loaded at once. The file is written 0600 to a
 * temporary file and moved into place, so a file under the final name is complete; a link under
 * that name is replaced, never followed. Anything unexpected leaves sqlite-jdbc's default in place:
 * this only makes start-up cheaper, never changes what works.
 */
public final class SqliteNativeLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
  static final String LIB_PATH = "org.sqlite.lib.path";
  static final String LIB_NAME = "org.sqlite.lib.name";
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private SqliteNativeLibrary() {}

  /**
   * Points sqlite-jdbc at a copy of its native library under {@code dataDir/native}, extracting it
   * there first if needed, and loads it. Does nothing if {@code dataDir} does not exist yet, if
   * {@code org.sqlite.lib.path} is already set, or if the platform's library is not in
   * sqlite-jdbc's jar.
   *
   * @param dataDir Nexus's data directory
   * @return the library file used, or empty if sqlite-jdbc keeps its own default
   */
  public static synchronized Optional<Path> useCopyIn(Path dataDir) {
    requireNonNull(dataDir, "dataDir");
    if (System.getProperty(LIB_PATH) != null
        || !Files.isDirectory(dataDir, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Path parent = dataDir.resolve("native");
    Path dir = parent.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
    String name = System.mapLibraryName("sqlitejdbc");
    String resource =
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    Path file = dir.resolve(name);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        if (!extract(resource, List.of(parent, dir), file)) {
          return Optional.empty();
        }
      }
      System.setProperty(LIB_PATH, dir.toAbsolutePath().toString());
      System.setProperty(LIB_NAME, name);
      // loaded now, while the file is known to be there
      SQLiteJDBCLoader.initialize();
      return Optional.of(file);
    } catch (Exception e) {
      System.clearProperty(LIB_PATH);
      System.clearProperty(LIB_NAME);
      LOG.debug("sqlite-jdbc extracts its native library itself: {}", e.toString());
      return Optional.empty();
    }
  }

  private static boolean extract(String resource, List<Path> dirs, Path file) throws IOException {
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      for (Path d : dirs) {
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(d, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        }
      }
      Path dir = file.getParent();
      Path tmp = Files.createTempFile(dir, ".sqlitejdbc", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, OWNER_ONLY_FILE);
        // written in place: Files.copy(REPLACE_EXISTING) would recreate it with the umask's mode
        try (OutputStream out = Files.newOutputStream(tmp)) {
          in.transferTo(out);
        }
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return true;
    }
  }
}
