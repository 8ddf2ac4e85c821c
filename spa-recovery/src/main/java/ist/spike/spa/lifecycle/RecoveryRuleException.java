package ist.spike.spa.lifecycle;

import static java.util.Objects.requireNonNull;

import ist.spike.receipts.ChainErrorKind;

/**
 * A lifecycle rule other than the transition table was broken: too few factors, no override
 * evidence, no canceller, a clock that went backwards.
 */
public final class RecoveryRuleException extends LifecycleException {
  private static final long serialVersionUID = 1L;

  private final ChainErrorKind rule;

  RecoveryRuleException(ChainErrorKind rule, String message) {
    super(message);
    this.rule = requireNonNull(rule, "rule");
  }

  /** Returns the rule broken. */
  public ChainErrorKind rule() {
    return rule;
  }
}
