package ist.spike.nexus.store;

import java.util.Locale;

/**
 * SQLite's {@code PRAGMA synchronous} levels, set with {@code SPIKE_NEXUS_DB_SYNCHRONOUS}.
 *
 * <p>With WAL: {@link #FULL} (default) syncs the WAL on every commit, so a returned write survives
 * power loss; {@link #NORMAL} syncs only at checkpoints, so the last commits may be lost on power
 * loss (not on a process crash); {@link #OFF} never syncs.
 */
public enum SqliteSynchronous {
  /** Never fsync. Fast, loses data on power loss or OS crash. */
  OFF,
  /** Fsync at checkpoints only. Survives process crashes, may lose recent commits on power loss. */
  NORMAL,
  /** Fsync the WAL on every commit (durable; the default). */
  FULL,
  /** As FULL, and also sync the directory after deleting journals. */
  EXTRA;

  /**
   * Parses a level name case-insensitively.
   *
   * @param value the configured value
   * @return the level
   * @throws IllegalArgumentException if unknown
   */
  public static SqliteSynchronous parse(String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (SqliteSynchronous s : values()) {
      if (s.name().equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "SPIKE_NEXUS_DB_SYNCHRONOUS must be one of OFF, NORMAL, FULL, EXTRA; got '" + value + "'");
  }
}
