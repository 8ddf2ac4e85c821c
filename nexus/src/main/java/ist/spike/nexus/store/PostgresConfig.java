package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the {@code postgres} backend, read from {@code SPIKE_NEXUS_PG_*} variables.
 *
 * <p>{@code toString} shows no password (there is none here: only the path of the file that holds
 * it).
 *
 * @param jdbcUrl the pgjdbc URL ({@code jdbc:postgresql://host:port/db?...}) without credentials
 * @param user the database user; empty to take it from the URL or pgjdbc's defaults
 * @param passwordFile a file whose content (trailing newline removed) is the password; empty for
 *     none (trust or certificate authentication)
 * @param sslMode pgjdbc {@code sslmode}: disable, allow, prefer, require, verify-ca, verify-full
 * @param sslRootCert CA certificate file used to verify the server, for verify-ca and verify-full
 * @param poolSize the most connections this Nexus opens (HikariCP pool)
 * @param migrateFromSqlite copy the SQLite store of {@code SPIKE_NEXUS_DATA_DIR} into this empty
 *     database at the first activation, under the same root key
 */
public record PostgresConfig(
    String jdbcUrl,
    Optional<String> user,
    Optional<Path> passwordFile,
    String sslMode,
    Optional<Path> sslRootCert,
    int poolSize,
    boolean migrateFromSqlite) {

  /** Default pool size. */
  public static final int DEFAULT_POOL_SIZE = 10;

  private static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /** Validates the settings. */
  public PostgresConfig {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(user, "user");
    requireNonNull(passwordFile, "passwordFile");
    requireNonNull(sslRootCert, "sslRootCert");
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_PG_URL must be jdbc:postgresql://HOST:PORT/DB, postgresql://… or"
              + " 'host=… dbname=…'");
    }
    sslMode = requireNonNull(sslMode, "sslMode").trim().toLowerCase(Locale.ROOT);
    if (!SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_PG_SSLMODE must be one of disable, allow, prefer, require, verify-ca,"
              + " verify-full; got '"
              + sslMode
              + "'");
    }
    if (poolSize < 2 || poolSize > 200) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_PG_POOL_SIZE must be between 2 and 200; got " + poolSize);
    }
  }

  /**
   * Settings for a JDBC URL with defaults for everything else (no password, {@code prefer}).
   *
   * @param jdbcUrl the URL
   * @param user the user
   * @return the settings
   */
  public static PostgresConfig of(String jdbcUrl, String user) {
    return new PostgresConfig(
        jdbcUrl,
        Optional.of(user),
        Optional.empty(),
        "prefer",
        Optional.empty(),
        DEFAULT_POOL_SIZE,
        false);
  }

  /** Returns a copy with another pool size. */
  public PostgresConfig withPoolSize(int size) {
    return new PostgresConfig(
        jdbcUrl, user, passwordFile, sslMode, sslRootCert, size, migrateFromSqlite);
  }

  /** Returns a copy that migrates the SQLite store at the first activation. */
  public PostgresConfig withMigrateFromSqlite(boolean migrate) {
    return new PostgresConfig(jdbcUrl, user, passwordFile, sslMode, sslRootCert, poolSize, migrate);
  }

  /**
   * Reads the settings.
   *
   * <ul>
   *   <li>{@code SPIKE_NEXUS_PG_URL} (required): a JDBC URL, a libpq URI ({@code
   *       postgresql://user@host:5432/db?sslmode=require}) or a libpq key/value string ({@code
   *       host=db1 port=5432 dbname=spike user=spike}).
   *   <li>{@code SPIKE_NEXUS_PG_USER}, {@code SPIKE_NEXUS_PG_PASSWORD_FILE}, {@code
   *       SPIKE_NEXUS_PG_SSLMODE} (default {@code prefer}), {@code SPIKE_NEXUS_PG_SSLROOTCERT},
   *       {@code SPIKE_NEXUS_PG_POOL_SIZE} (default 10), {@code SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE}
   *       ({@code true} to copy the SQLite store once).
   * </ul>
   *
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException naming the variable when a value is missing or invalid
   */
  public static PostgresConfig fromEnvironment(Map<String, String> env) {
    String raw = env.get("SPIKE_NEXUS_PG_URL");
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_BACKEND_STORE=postgres needs SPIKE_NEXUS_PG_URL"
              + " (for example jdbc:postgresql://127.0.0.1:5432/spike)");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    String url = toJdbcUrl(raw.trim(), parts);
    Optional<String> user =
        Optional.ofNullable(blankToNull(env.get("SPIKE_NEXUS_PG_USER")))
            .or(() -> Optional.ofNullable(parts.get("user")));
    String sslMode =
        Optional.ofNullable(blankToNull(env.get("SPIKE_NEXUS_PG_SSLMODE")))
            .orElse(parts.getOrDefault("sslmode", "prefer"));
    int pool = DEFAULT_POOL_SIZE;
    String poolVar = blankToNull(env.get("SPIKE_NEXUS_PG_POOL_SIZE"));
    if (poolVar != null) {
      try {
        pool = Integer.parseInt(poolVar.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_PG_POOL_SIZE must be an integer; got '" + poolVar + "'");
      }
    }
    return new PostgresConfig(
        url,
        user,
        Optional.ofNullable(blankToNull(env.get("SPIKE_NEXUS_PG_PASSWORD_FILE"))).map(Path::of),
        sslMode,
        Optional.ofNullable(blankToNull(env.get("SPIKE_NEXUS_PG_SSLROOTCERT"))).map(Path::of),
        pool,
        migrateFlag(env.get("SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE")));
  }

  private static boolean migrateFlag(String v) {
    if (v == null || v.isBlank() || v.trim().equals("false")) {
      return false;
    }
    if (v.trim().equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "SPIKE_NEXUS_PG_MIGRATE_FROM_SQLITE must be true or false; got '" + v + "'");
  }

  /**
   * Turns the three accepted forms into a JDBC URL without user or password; {@code user} and
   * {@code sslmode} found in a libpq form are put into {@code parts}.
   */
  static String toJdbcUrl(String raw, Map<String, String> parts) {
    if (raw.startsWith("jdbc:postgresql://")) {
      if (raw.contains("password=")) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_PG_URL must not carry a password; use SPIKE_NEXUS_PG_PASSWORD_FILE");
      }
      return raw;
    }
    if (raw.startsWith("postgresql://") || raw.startsWith("postgres://")) {
      URI uri;
      try {
        uri = new URI(raw);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_PG_URL is not a valid postgresql:// URI: " + e.getReason());
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("SPIKE_NEXUS_PG_URL names no host");
      }
      String info = uri.getRawUserInfo();
      if (info != null) {
        if (info.contains(":")) {
          throw new IllegalArgumentException(
              "SPIKE_NEXUS_PG_URL must not carry a password; use SPIKE_NEXUS_PG_PASSWORD_FILE");
        }
        parts.put("user", URLDecoder.decode(info, StandardCharsets.UTF_8));
      }
      String query = uri.getRawQuery();
      if (query != null) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            parts.put(
                kv.substring(0, eq).toLowerCase(Locale.ROOT),
                URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      if (parts.containsKey("password")) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_PG_URL must not carry a password; use SPIKE_NEXUS_PG_PASSWORD_FILE");
      }
      int port = uri.getPort() < 0 ? 5432 : uri.getPort();
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "" : uri.getPath();
      return "jdbc:postgresql://" + uri.getHost() + ":" + port + (db.isEmpty() ? "/" : db);
    }
    if (raw.contains("=")) {
      for (String token : raw.trim().split("\\s+")) {
        int eq = token.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "SPIKE_NEXUS_PG_URL key/value form needs key=value pairs; got '" + token + "'");
        }
        parts.put(token.substring(0, eq).toLowerCase(Locale.ROOT), token.substring(eq + 1));
      }
      if (parts.containsKey("password")) {
        throw new IllegalArgumentException(
            "SPIKE_NEXUS_PG_URL must not carry a password; use SPIKE_NEXUS_PG_PASSWORD_FILE");
      }
      String host = parts.getOrDefault("host", "127.0.0.1");
      String port = parts.getOrDefault("port", "5432");
      if (!port.matches("[0-9]{1,5}")) {
        throw new IllegalArgumentException("SPIKE_NEXUS_PG_URL port must be a number; got " + port);
      }
      return "jdbc:postgresql://" + host + ":" + port + "/" + parts.getOrDefault("dbname", "");
    }
    throw new IllegalArgumentException(
        "SPIKE_NEXUS_PG_URL must be jdbc:postgresql://HOST:PORT/DB, postgresql://… or"
            + " 'host=… dbname=…'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
