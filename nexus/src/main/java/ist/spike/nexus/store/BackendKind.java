package ist.spike.nexus.store;

import java.util.Locale;

/** The storage backends selectable with {@code SPIKE_NEXUS_BACKEND_STORE}. */
public enum BackendKind {
  /** Everything in memory, lost at exit; Nexus needs no Keepers. For development only. */
  MEMORY("memory"),
  /** Encrypted SQLite database on local disk (the default). */
  SQLITE("sqlite"),
  /** No storage at all: only encryption as a service, keyed by the root key. */
  LITE("lite"),
  /** A shared PostgreSQL database, for several active Nexus instances (ADR-0090). */
  POSTGRES("postgres");

  private final String wireName;

  BackendKind(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in {@code SPIKE_NEXUS_BACKEND_STORE}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a backend name, case-insensitively and ignoring surrounding blanks.
   *
   * @param value the configured value
   * @return the backend
   * @throws IllegalArgumentException for an unknown or empty value (SPIKE silently falls back to
   *     sqlite; we refuse to start instead)
   */
  public static BackendKind parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (BackendKind kind : values()) {
      if (kind.wireName.equals(v)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "SPIKE_NEXUS_BACKEND_STORE must be one of memory, sqlite, lite, postgres; got '"
            + value
            + "'");
  }
}
