package ist.spike.nexus.store.internal;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * Tells write failures caused by the environment (full disk, read-only files, I/O errors) from
 * every other database failure. SQLite's result code decides where the driver reports one; the
 * message text is only a fallback for failures that arrive without it.
 */
public final class StorageFaults {
  // Primary SQLite result codes (the low byte of extended codes such as SQLITE_IOERR_WRITE).
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;

  private static final String[] MESSAGES = {
    "database or disk is full",
    "disk i/o error",
    "file too large",
    "attempt to write a readonly database",
    "unable to open database file",
    "no space left on device",
    "read-only file system"
  };

  private StorageFaults() {}

  /**
   * Finds an environment failure in {@code failure}, its causes or suppressed exceptions.
   *
   * @param failure what a write threw
   * @return SQLite's name for the failure (for example {@code SQLITE_FULL}), or empty when the
   *     failure is not caused by the environment
   */
  public static Optional<String> environmentCause(Throwable failure) {
    return find(failure, new HashSet<>());
  }

  private static Optional<String> find(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return Optional.empty();
    }
    Optional<String> own = classify(t);
    if (own.isPresent()) {
      return own;
    }
    for (Throwable s : t.getSuppressed()) {
      Optional<String> found = find(s, seen);
      if (found.isPresent()) {
        return found;
      }
    }
    return find(t.getCause(), seen);
  }

  private static Optional<String> classify(Throwable t) {
    if (t instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
      int primary = sqlite.getResultCode().code & 0xff;
      if (primary == SQLITE_FULL
          || primary == SQLITE_IOERR
          || primary == SQLITE_READONLY
          || primary == SQLITE_CANTOPEN) {
        return Optional.of(sqlite.getResultCode().name());
      }
      int code = sqlite.getResultCode().code;
      if (code != 1 && code != -1) {
        // A specific code (not SQLITE_ERROR, not the driver's UNKNOWN_ERROR) is authoritative.
        return Optional.empty();
      }
    }
    if (t instanceof SQLException || t instanceof java.io.IOException) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String m : MESSAGES) {
        if (message.contains(m)) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }
}
