package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The kinds of receipt, by their exact wire name.
 *
 * <p>The first eleven are the design note's recovery kinds; the next four come from the SPA
 * prototype; the rest are the transitions the lifecycle needs and the note does not name (genesis,
 * entering Daily Use, entering Probation, cancelling Probation, emergency rotation, reporting a
 * lost factor, share repair and refresh); the last three record a change of tier or registered
 * parties, which goes through a cooldown like a recovery. {@link LifecycleRules} says which kinds
 * are legal in which state.
 */
public enum ReceiptKind {
  RECOVERY_INITIATION("recovery_initiation"),
  RECOVERY_FACTOR_ASSERTION("recovery_factor_assertion"),
  RECOVERY_COOLDOWN_START("recovery_cooldown_start"),
  RECOVERY_COOLDOWN_CANCEL("recovery_cooldown_cancel"),
  RECOVERY_PROBATION_CLEAR("recovery_probation_clear"),
  WALLET_UNIT_REBIND("wallet_unit_rebind"),
  CREDENTIAL_REISSUANCE_REQUEST("credential_reissuance_request"),
  CREDENTIAL_REISSUANCE_COMPLETE("credential_reissuance_complete"),
  INHERITANCE_TRIGGER("inheritance_trigger"),
  PROXY_DESIGNATION("proxy_designation"),
  COURT_ORDER_DISCLOSURE("court_order_disclosure"),
  INHERITANCE_CANCELLATION("inheritance_cancellation"),
  PROXY_ACTIVATION("proxy_activation"),
  PROXY_EXPIRATION("proxy_expiration"),
  COMPROMISE_ROTATION("compromise_rotation"),
  ONBOARDING("onboarding"),
  DAILY_USE_START("daily_use_start"),
  RECOVERY_PROBATION_START("recovery_probation_start"),
  RECOVERY_PROBATION_CANCEL("recovery_probation_cancel"),
  EMERGENCY_ROTATION("emergency_rotation"),
  FACTOR_LOSS("factor_loss"),
  SHARE_REPAIR("share_repair"),
  SHARE_REFRESH("share_refresh"),
  ENROLMENT_CHANGE_REQUEST("enrolment_change_request"),
  ENROLMENT_CHANGE_CANCEL("enrolment_change_cancel"),
  ENROLMENT_CHANGE_APPLY("enrolment_change_apply");

  private final String wireName;

  ReceiptKind(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the snake_case name used in JSON. */
  public String wireName() {
    return wireName;
  }

  /**
   * Finds a kind by its exact wire name.
   *
   * @param wireName for example {@code recovery_initiation}; not null
   * @return the kind, or empty for an unknown name
   */
  public static Optional<ReceiptKind> fromWireName(String wireName) {
    requireNonNull(wireName, "wireName");
    for (ReceiptKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
