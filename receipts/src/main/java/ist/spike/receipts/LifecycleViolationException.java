package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

/** A receipt would break a lifecycle rule: an illegal transition, a cooldown not honored, etc. */
public final class LifecycleViolationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ChainErrorKind kind;

  /**
   * @param kind the rule broken
   * @param message the rule and the non-secret values involved
   */
  public LifecycleViolationException(ChainErrorKind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind");
  }

  /** Returns the rule that was broken. */
  public ChainErrorKind kind() {
    return kind;
  }
}
