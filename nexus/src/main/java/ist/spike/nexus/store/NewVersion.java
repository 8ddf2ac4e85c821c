package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

/**
 * The values of a version being written.
 *
 * @param version the new version number
 * @param values its key/value pairs
 */
public record NewVersion(int version, SecretValues values) {
  /** Validates the components. */
  public NewVersion {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1; got " + version);
    }
    requireNonNull(values, "values");
  }
}
