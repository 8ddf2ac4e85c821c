package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The three share holders of the 2-of-3 group, as named in receipts. */
public enum RecoveryFactor {
  DEVICE("device"),
  CLOUD("cloud"),
  RECOVERY_CODE("recovery_code");

  private final String wireName;

  RecoveryFactor(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in receipts. */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds a factor by its wire name.
   *
   * @param wireName for example {@code recovery_code}; not null
   * @return the factor, or empty if unknown
   */
  public static Optional<RecoveryFactor> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (RecoveryFactor f : values()) {
      if (f.wireName.equals(wireName)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
