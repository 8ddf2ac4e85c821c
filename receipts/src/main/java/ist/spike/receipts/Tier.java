package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The enrolment tier chosen at onboarding and recorded in the signed genesis receipt. Each tier
 * fixes its cooldown and probation, which registered parties may cancel a recovery, what an
 * emergency rotation needs, and whether completing a recovery needs a guardian's signature. The
 * stateless verifier enforces all of it from the chain alone.
 */
public enum Tier {
  /** 48 h cooldown, 24 h probation; the old device or a recovery contact cancels or overrides. */
  CONSUMER(
      "consumer",
      48,
      24,
      EnumSet.of(Canceller.OLD_DEVICE, Canceller.RECOVERY_CONTACT),
      EnumSet.of(Canceller.OLD_DEVICE, Canceller.RECOVERY_CONTACT),
      false),
  /**
   * 96 h cooldown, 48 h probation; the old device, a contact or a guardian cancels; an emergency
   * rotation needs k-of-n guardians (k recorded at onboarding) to co-sign.
   */
  THRESHOLD_NETWORK(
      "threshold_network",
      96,
      48,
      EnumSet.allOf(Canceller.class),
      EnumSet.of(Canceller.GUARDIAN),
      false),
  /**
   * 72 h cooldown, 24 h probation; the old device or a guardian cancels; an emergency rotation and
   * the end of probation both need a guardian's signature.
   */
  INSTITUTIONAL(
      "institutional",
      72,
      24,
      EnumSet.of(Canceller.OLD_DEVICE, Canceller.GUARDIAN),
      EnumSet.of(Canceller.GUARDIAN),
      true);

  private final String wireName;
  private final long cooldownSeconds;
  private final long probationSeconds;
  private final Set<Canceller> cancellers;
  private final Set<Canceller> overriders;
  private final boolean guardianCompletes;

  Tier(
      String wireName,
      long cooldownHours,
      long probationHours,
      Set<Canceller> cancellers,
      Set<Canceller> overriders,
      boolean guardianCompletes) {
    this.wireName = wireName;
    this.cooldownSeconds = cooldownHours * 3600;
    this.probationSeconds = probationHours * 3600;
    this.cancellers = Collections.unmodifiableSet(cancellers);
    this.overriders = Collections.unmodifiableSet(overriders);
    this.guardianCompletes = guardianCompletes;
  }

  /** Returns the name used in receipts ({@code consumer}, {@code threshold_network}, ...). */
  public String wireName() {
    return wireName;
  }

  /** Returns the cooldown (veto window) in seconds. */
  public long cooldownSeconds() {
    return cooldownSeconds;
  }

  /** Returns the probation in seconds. */
  public long probationSeconds() {
    return probationSeconds;
  }

  /** Returns the roles whose signature may cancel a recovery. */
  public Set<Canceller> cancellers() {
    return cancellers;
  }

  /** Returns the roles whose signatures count towards an emergency rotation. */
  public Set<Canceller> overriders() {
    return overriders;
  }

  /** Whether ending probation (going Live) needs a guardian's signature. */
  public boolean guardianCompletes() {
    return guardianCompletes;
  }

  /**
   * Finds a tier by its wire name; hyphens are accepted for underscores.
   *
   * @param name for example {@code threshold_network} or {@code threshold-network}; not null
   * @return the tier, or empty if unknown
   */
  public static Optional<Tier> fromWireName(String name) {
    requireNonNull(name, "name");
    String normal = name.replace('-', '_');
    for (Tier t : values()) {
      if (t.wireName.equals(normal)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
