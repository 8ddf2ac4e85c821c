package ist.spike.spa.lifecycle;

import java.time.Duration;
import java.time.Instant;

/** The cooldown is still running; Probation cannot start yet. */
public final class CooldownNotElapsedException extends LifecycleException {
  private static final long serialVersionUID = 1L;

  private final Instant endsAt;

  CooldownNotElapsedException(Instant endsAt, Instant now) {
    super(
        "the cooldown has "
            + Durations.human(Duration.between(now, endsAt))
            + " left (it ends at "
            + endsAt
            + "); it can be cancelled, or skipped only by an emergency rotation with override"
            + " evidence and an independent approval");
    this.endsAt = endsAt;
  }

  /** Returns when the cooldown ends. */
  public Instant endsAt() {
    return endsAt;
  }
}
