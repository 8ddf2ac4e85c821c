package ist.spike.spa.lifecycle;

import java.time.Duration;
import java.time.Instant;

/** The cooldown is still running; Probation cannot start yet. */
public final class CooldownNotElapsedException extends LifecycleException {
  private static final long serialVersionUID = 1L;

  private final Instant endsAt;

  CooldownNotElapsedException(Instant endsAt, Instant now) {
    super(
        "the cooldown ends at "
            + endsAt
            + " ("
            + Durations.human(Duration.between(now, endsAt))
            + " left); it can be cancelled, or skipped only by emergency rotation with override"
            + " evidence");
    this.endsAt = endsAt;
  }

  /** Returns when the cooldown ends. */
  public Instant endsAt() {
    return endsAt;
  }
}
