package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

/**
 * One stored row exactly as the database holds it: the sealed field is never opened by the code
 * that moves it (snapshots). A row only opens at its own table, key and field (ADR-0041), so a row
 * moved to another place is refused when it is verified.
 */
public sealed interface SealedRow {

  /** The secret's sealed index ({@code secret_metadata}). */
  record Index(String path, byte[] sealed) implements SealedRow {
    /** Validates the components. */
    public Index {
      requireNonNull(path, "path");
      requireNonNull(sealed, "sealed");
    }
  }

  /** One version's sealed values ({@code secret_versions}). */
  record Values(String path, int version, byte[] sealed) implements SealedRow {
    /** Validates the components. */
    public Values {
      requireNonNull(path, "path");
      requireNonNull(sealed, "sealed");
      if (version < 1) {
        throw new IllegalArgumentException("version must be >= 1; got " + version);
      }
    }
  }

  /** A sealed policy ({@code policies}). */
  record Policy(String name, byte[] sealed) implements SealedRow {
    /** Validates the components. */
    public Policy {
      requireNonNull(name, "name");
      requireNonNull(sealed, "sealed");
    }
  }
}
