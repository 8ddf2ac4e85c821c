package ist.spike.spa.lifecycle;

/** A lifecycle operation was refused; nothing was recorded. */
public abstract sealed class LifecycleException extends Exception
    permits IllegalTransitionException,
        CooldownNotElapsedException,
        ProbationNotElapsedException,
        RecoveryRuleException {
  private static final long serialVersionUID = 1L;

  LifecycleException(String message) {
    super(message);
  }
}
