package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Data-plane settings.
 *
 * @param maxSecretVersions versions kept per new secret ({@code SPIKE_NEXUS_MAX_SECRET_VERSIONS},
 *     default 10)
 * @param maxCipherBytes cipher payload limit ({@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE},
 *     default 65536): plaintext for encrypt, ciphertext without the 16-byte tag for decrypt
 * @param casRequired true if every secret put must carry {@code cas} ({@code
 *     SPIKE_NEXUS_CAS_REQUIRED}, default false; a secret's own setting can require it as well)
 */
public record DataPlaneSettings(int maxSecretVersions, int maxCipherBytes, boolean casRequired) {
  /** SPIKE's defaults. */
  public static final DataPlaneSettings DEFAULTS = new DataPlaneSettings(10, 65536, false);

  /** Settings with check-and-set optional. */
  public DataPlaneSettings(int maxSecretVersions, int maxCipherBytes) {
    this(maxSecretVersions, maxCipherBytes, false);
  }

  /** Validates the settings. */
  public DataPlaneSettings {
    if (maxSecretVersions < 1) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_MAX_SECRET_VERSIONS must be >= 1; got " + maxSecretVersions);
    }
    if (maxCipherBytes < 1 || maxCipherBytes > (64 << 20)) {
      throw new IllegalArgumentException(
          "SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE must be between 1 and 67108864; got "
              + maxCipherBytes);
    }
  }

  /**
   * Reads {@code SPIKE_NEXUS_MAX_SECRET_VERSIONS}, {@code SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE}
   * and {@code SPIKE_NEXUS_CAS_REQUIRED}.
   *
   * @param env the environment
   * @return the settings
   * @throws IllegalArgumentException naming the variable when a value is invalid
   */
  public static DataPlaneSettings fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    return new DataPlaneSettings(
        intVar(env, "SPIKE_NEXUS_MAX_SECRET_VERSIONS", DEFAULTS.maxSecretVersions()),
        intVar(env, "SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE", DEFAULTS.maxCipherBytes()),
        boolVar(env, "SPIKE_NEXUS_CAS_REQUIRED"));
  }

  private static boolean boolVar(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return false;
    }
    return switch (v.trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false; got '" + v + "'");
    };
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
