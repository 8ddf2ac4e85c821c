package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Who cancelled a recovery; recorded in the cancellation receipt as {@code cancelled_by}. */
public enum Canceller {
  OLD_DEVICE("old_device"),
  RECOVERY_CONTACT("recovery_contact"),
  GUARDIAN("guardian");

  private final String wireName;

  Canceller(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name used in receipts. */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds a canceller by its wire name.
   *
   * @param wireName for example {@code old_device}; not null
   * @return the canceller, or empty if unknown
   */
  public static Optional<Canceller> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (Canceller c : values()) {
      if (c.wireName.equals(wireName)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
