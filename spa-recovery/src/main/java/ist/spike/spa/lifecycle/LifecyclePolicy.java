package ist.spike.spa.lifecycle;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.Tier;
import java.time.Duration;

/**
 * How long the cooldown (veto window) and probation last.
 *
 * @param cooldown the veto window after two factors are proven; 48 h by default
 * @param probation the restricted period before the recovered key goes Live; 24 h by default
 */
public record LifecyclePolicy(Duration cooldown, Duration probation) {
  /** The consumer tier's: 48 h cooldown, 24 h probation. */
  public static final LifecyclePolicy DEFAULT = of(Tier.CONSUMER);

  /**
   * Returns the durations of a tier.
   *
   * @param tier the enrolment tier; not null
   * @return its cooldown and probation
   */
  public static LifecyclePolicy of(Tier tier) {
    requireNonNull(tier, "tier");
    return new LifecyclePolicy(
        Duration.ofSeconds(tier.cooldownSeconds()), Duration.ofSeconds(tier.probationSeconds()));
  }

  /** Validates the durations. */
  public LifecyclePolicy {
    requireNonNull(cooldown, "cooldown");
    requireNonNull(probation, "probation");
    if (cooldown.isNegative() || probation.isNegative()) {
      throw new IllegalArgumentException("cooldown and probation must not be negative");
    }
  }
}
