package ist.spike.spa.lifecycle;

import ist.spike.receipts.LifecycleState;
import java.util.Optional;

/** The operation is not legal in the current state, for example Cooldown → Live. */
public final class IllegalTransitionException extends LifecycleException {
  private static final long serialVersionUID = 1L;

  private final LifecycleState from;
  private final String operation;

  IllegalTransitionException(LifecycleState from, String operation, String detail) {
    super(
        operation
            + " is not allowed in state "
            + (from == null ? "(not onboarded)" : from.displayName())
            + (detail.isEmpty() ? "" : ": " + detail));
    this.from = from;
    this.operation = operation;
  }

  /** Returns the state the machine was in; empty before onboarding. */
  public Optional<LifecycleState> from() {
    return Optional.ofNullable(from);
  }

  /** Returns the refused operation, for example {@code complete probation}. */
  public String operation() {
    return operation;
  }
}
