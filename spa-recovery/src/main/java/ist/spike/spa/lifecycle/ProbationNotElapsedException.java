package ist.spike.spa.lifecycle;

import java.time.Duration;
import java.time.Instant;

/** Probation is still running; the recovered key cannot go Live yet. */
public final class ProbationNotElapsedException extends LifecycleException {
  private static final long serialVersionUID = 1L;

  private final Instant endsAt;

  ProbationNotElapsedException(Instant endsAt, Instant now) {
    super(
        "probation has "
            + Durations.human(Duration.between(now, endsAt))
            + " left (it ends at "
            + endsAt
            + ")");
    this.endsAt = endsAt;
  }

  /** Returns when probation ends. */
  public Instant endsAt() {
    return endsAt;
  }
}
