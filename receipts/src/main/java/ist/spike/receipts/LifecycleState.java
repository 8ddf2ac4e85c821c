package ist.spike.receipts;

/**
 * The six states of the SPA recovery lifecycle, plus {@link #CHANGE_PENDING} for a requested change
 * of tier or parties waiting out its cooldown.
 */
public enum LifecycleState {
  /** Shares dealt and stored; the recovery code has been shown once. */
  ONBOARDED("Onboarded"),
  /** Normal signing with the device and cloud shares. */
  DAILY_USE("Daily Use"),
  /** Someone has started a recovery; no factors proven yet. */
  RECOVERY_INITIATED("Recovery Initiated"),
  /** Two factors proven; the veto window (48 h by default) is running. */
  COOLDOWN("Cooldown"),
  /**
   * The cooldown passed (or was skipped with override evidence); restricted use, still cancellable.
   */
  PROBATION("Probation"),
  /** Recovery completed; the next step rebinds a device and returns to Daily Use. */
  LIVE("Live"),
  /**
   * A change of tier or registered parties was requested; it takes effect only after the current
   * tier's cooldown and can be cancelled by a party the current tier allows to cancel.
   */
  CHANGE_PENDING("Change Pending");

  private final String displayName;

  LifecycleState(String displayName) {
    this.displayName = displayName;
  }

  /** Returns the human-readable name, for example {@code Recovery Initiated}. */
  public String displayName() {
    return displayName;
  }

  /** Whether a recovery is in progress (Recovery Initiated, Cooldown or Probation). */
  public boolean isRecovering() {
    return this == RECOVERY_INITIATED || this == COOLDOWN || this == PROBATION;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
