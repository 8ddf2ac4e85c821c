package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Storage settings, usually read from {@code SPIKE_*} environment variables with {@link
 * #fromEnvironment}.
 *
 * @param kind the backend
 * @param dataDir directory holding the SQLite database ({@code spike.db}); created 0700
 * @param journalMode SQLite journal mode ({@code WAL} by default)
 * @param synchronous SQLite durability level ({@code FULL} by default)
 * @param busyTimeoutMillis how long SQLite waits on a locked database
 * @param readConnections size of the read-connection pool
 * @param maxBatch the most writes committed together in one transaction
 * @param postgres the {@code postgres} backend's settings; required for that backend only
 */
public record BackendConfig(
    BackendKind kind,
    Path dataDir,
    String journalMode,
    SqliteSynchronous synchronous,
    int busyTimeoutMillis,
    int readConnections,
    int maxBatch,
    Optional<PostgresConfig> postgres) {

  /** Default read pool size. */
  public static final int DEFAULT_READ_CONNECTIONS = 4;

  /** Default group-commit batch size. */
  public static final int DEFAULT_MAX_BATCH = 128;

  /** Validates the settings. */
  public BackendConfig {
    requireNonNull(kind, "kind");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(synchronous, "synchronous");
    requireNonNull(postgres, "postgres");
    if (kind == BackendKind.POSTGRES && postgres.isEmpty()) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_BACKEND_STORE=postgres needs SPIKE_NEXUS_PG_URL");
    }
    journalMode = requireNonNull(journalMode, "journalMode").trim().toUpperCase(Locale.ROOT);
    if (!java.util.Set.of("WAL", "DELETE", "TRUNCATE", "PERSIST").contains(journalMode)) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_DB_JOURNAL_MODE must be one of WAL, DELETE, TRUNCATE, PERSIST; got '"
              + journalMode
              + "'");
    }
    if (busyTimeoutMillis < 0) {
      throw new IllegalArgumentException("SPIKE_NEXUS_DB_BUSY_TIMEOUT_MS must be >= 0");
    }
    if (readConnections < 1 || readConnections > 64) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_DB_MAX_OPEN_CONNS must be between 1 and 64; got " + readConnections);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1; got " + maxBatch);
    }
  }

  /**
   * Settings for a backend with defaults for everything else.
   *
   * @param kind the backend
   * @param dataDir the data directory
   * @return the settings
   */
  public static BackendConfig of(BackendKind kind, Path dataDir) {
    return new BackendConfig(
        kind,
        dataDir,
        "WAL",
        SqliteSynchronous.FULL,
        5000,
        DEFAULT_READ_CONNECTIONS,
        DEFAULT_MAX_BATCH,
        Optional.empty());
  }

  /**
   * Settings for the {@code postgres} backend.
   *
   * @param postgres the database settings
   * @return the settings
   */
  public static BackendConfig postgres(PostgresConfig postgres) {
    return new BackendConfig(
        BackendKind.POSTGRES,
        Path.of("unused"),
        "WAL",
        SqliteSynchronous.FULL,
        5000,
        DEFAULT_READ_CONNECTIONS,
        DEFAULT_MAX_BATCH,
        Optional.of(postgres));
  }

  /** Returns a copy with another durability level. */
  public BackendConfig withSynchronous(SqliteSynchronous level) {
    return new BackendConfig(
        kind, dataDir, journalMode, level, busyTimeoutMillis, readConnections, maxBatch, postgres);
  }

  /**
   * Reads the settings from the environment.
   *
   * <ul>
   *   <li>{@code SPIKE_NEXUS_BACKEND_STORE}: {@code sqlite} (default), {@code memory}, {@code
   *       lite}, {@code postgres} (see {@link PostgresConfig#fromEnvironment}); anything else is an
   *       error.
   *   <li>{@code SPIKE_NEXUS_DATA_DIR}: the database goes to {@code <dir>/data}; default {@code
   *       ~/.spike/data}.
   *   <li>{@code SPIKE_NEXUS_DB_JOURNAL_MODE} ({@code WAL}), {@code SPIKE_NEXUS_DB_SYNCHRONOUS}
   *       ({@code FULL}), {@code SPIKE_NEXUS_DB_BUSY_TIMEOUT_MS} (5000), {@code
   *       SPIKE_NEXUS_DB_MAX_OPEN_CONNS} (read pool size, default 4).
   * </ul>
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return the settings
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static BackendConfig fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    String store = env.get("SPIKE_NEXUS_BACKEND_STORE");
    BackendKind kind =
        store == null || store.isBlank() ? BackendKind.SQLITE : BackendKind.parse(store);
    String dir = env.get("SPIKE_NEXUS_DATA_DIR");
    Path dataDir;
    if (dir != null && !dir.isBlank()) {
      dataDir = Path.of(dir.trim()).toAbsolutePath().normalize().resolve("data");
    } else {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      dataDir = Path.of(home, ".spike", "data").toAbsolutePath().normalize();
    }
    return new BackendConfig(
        kind,
        dataDir,
        env.getOrDefault("SPIKE_NEXUS_DB_JOURNAL_MODE", "WAL"),
        SqliteSynchronous.parse(env.getOrDefault("SPIKE_NEXUS_DB_SYNCHRONOUS", "FULL")),
        intVar(env, "SPIKE_NEXUS_DB_BUSY_TIMEOUT_MS", 5000),
        intVar(env, "SPIKE_NEXUS_DB_MAX_OPEN_CONNS", DEFAULT_READ_CONNECTIONS),
        DEFAULT_MAX_BATCH,
        kind == BackendKind.POSTGRES
            ? Optional.of(PostgresConfig.fromEnvironment(env))
            : Optional.empty());
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer; got '" + v + "'");
    }
  }
}
