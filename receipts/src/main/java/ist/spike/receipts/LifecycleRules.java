package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle's legal transitions: the one table both the state machine and the stateless
 * verifier use. A transition is (state, receipt kind) → next state; the genesis receipt is {@link
 * ReceiptKind#ONBOARDING} and leads to {@link LifecycleState#ONBOARDED}.
 *
 * <pre>
 *   (genesis)          --onboarding-------------------> Onboarded
 *   Onboarded          --daily_use_start--------------> Daily Use
 *   Onboarded|Daily Use|Live --recovery_initiation----> Recovery Initiated
 *   Recovery Initiated --recovery_factor_assertion----> Recovery Initiated
 *   Recovery Initiated --recovery_cooldown_start------> Cooldown      (after a factor assertion)
 *   Recovery Initiated|Cooldown --emergency_rotation--> Probation     (override evidence required)
 *   Recovery Initiated|Cooldown --recovery_cooldown_cancel--> Daily Use (who cancelled recorded)
 *   Cooldown           --recovery_probation_start-----> Probation     (not before the cooldown ends)
 *   Probation          --recovery_probation_cancel----> Daily Use     (who cancelled recorded)
 *   Probation          --recovery_probation_clear-----> Live          (not before probation ends)
 *   Live               --wallet_unit_rebind-----------> Daily Use     (may re-key party device)
 *   Onboarded|Daily Use --enrolment_change_request----> Change Pending (cooldown of the current tier)
 *   Change Pending     --enrolment_change_cancel------> Daily Use     (who cancelled recorded)
 *   Change Pending     --enrolment_change_apply-------> Daily Use     (not before the cooldown ends)
 *   Change Pending     --factor_loss------------------> Change Pending
 *   Onboarded|Daily Use|Live --factor_loss|share_repair|share_refresh--> same state
 *   any state          --credential_*|inheritance_*|proxy_*|court_order_disclosure|compromise_rotation--> same state
 * </pre>
 *
 * <p>Payload and timing rules that go with some transitions (factors, cooldown end, override
 * evidence, canceller) are enforced by {@link LifecycleReplay}.
 */
public final class LifecycleRules {
  private static final Map<LifecycleState, Map<ReceiptKind, LifecycleState>> TABLE = build();

  private LifecycleRules() {}

  /**
   * Returns the state a receipt of this kind leads to from the given state.
   *
   * @param from the current state; not null
   * @param kind the receipt kind; not null
   * @return the next state, or empty if the transition is illegal
   */
  public static Optional<LifecycleState> next(LifecycleState from, ReceiptKind kind) {
    requireNonNull(from, "from");
    requireNonNull(kind, "kind");
    return Optional.ofNullable(TABLE.get(from).get(kind));
  }

  /**
   * Returns the state the first receipt of a chain leads to.
   *
   * @param kind the first receipt's kind; not null
   * @return {@link LifecycleState#ONBOARDED} for {@link ReceiptKind#ONBOARDING}, else empty
   */
  public static Optional<LifecycleState> genesis(ReceiptKind kind) {
    requireNonNull(kind, "kind");
    return kind == ReceiptKind.ONBOARDING
        ? Optional.of(LifecycleState.ONBOARDED)
        : Optional.empty();
  }

  /**
   * Returns the kinds legal in a state.
   *
   * @param from the state; not null
   * @return an unmodifiable set
   */
  public static Set<ReceiptKind> legalKinds(LifecycleState from) {
    requireNonNull(from, "from");
    return Collections.unmodifiableSet(TABLE.get(from).keySet());
  }

  private static Map<LifecycleState, Map<ReceiptKind, LifecycleState>> build() {
    Map<LifecycleState, Map<ReceiptKind, LifecycleState>> t = new EnumMap<>(LifecycleState.class);
    for (LifecycleState s : LifecycleState.values()) {
      t.put(s, new EnumMap<>(ReceiptKind.class));
    }
    Set<LifecycleState> usable =
        EnumSet.of(LifecycleState.ONBOARDED, LifecycleState.DAILY_USE, LifecycleState.LIVE);
    put(t, LifecycleState.ONBOARDED, ReceiptKind.DAILY_USE_START, LifecycleState.DAILY_USE);
    for (LifecycleState s : usable) {
      put(t, s, ReceiptKind.RECOVERY_INITIATION, LifecycleState.RECOVERY_INITIATED);
      put(t, s, ReceiptKind.FACTOR_LOSS, s);
      put(t, s, ReceiptKind.SHARE_REPAIR, s);
      put(t, s, ReceiptKind.SHARE_REFRESH, s);
    }
    LifecycleState ri = LifecycleState.RECOVERY_INITIATED;
    put(t, ri, ReceiptKind.RECOVERY_FACTOR_ASSERTION, ri);
    put(t, ri, ReceiptKind.RECOVERY_COOLDOWN_START, LifecycleState.COOLDOWN);
    put(t, ri, ReceiptKind.EMERGENCY_ROTATION, LifecycleState.PROBATION);
    put(t, ri, ReceiptKind.RECOVERY_COOLDOWN_CANCEL, LifecycleState.DAILY_USE);
    LifecycleState cd = LifecycleState.COOLDOWN;
    put(t, cd, ReceiptKind.RECOVERY_COOLDOWN_CANCEL, LifecycleState.DAILY_USE);
    put(t, cd, ReceiptKind.RECOVERY_PROBATION_START, LifecycleState.PROBATION);
    put(t, cd, ReceiptKind.EMERGENCY_ROTATION, LifecycleState.PROBATION);
    LifecycleState pr = LifecycleState.PROBATION;
    put(t, pr, ReceiptKind.RECOVERY_PROBATION_CANCEL, LifecycleState.DAILY_USE);
    put(t, pr, ReceiptKind.RECOVERY_PROBATION_CLEAR, LifecycleState.LIVE);
    put(t, LifecycleState.LIVE, ReceiptKind.WALLET_UNIT_REBIND, LifecycleState.DAILY_USE);
    LifecycleState cp = LifecycleState.CHANGE_PENDING;
    for (LifecycleState s : EnumSet.of(LifecycleState.ONBOARDED, LifecycleState.DAILY_USE)) {
      put(t, s, ReceiptKind.ENROLMENT_CHANGE_REQUEST, cp);
    }
    put(t, cp, ReceiptKind.ENROLMENT_CHANGE_CANCEL, LifecycleState.DAILY_USE);
    put(t, cp, ReceiptKind.ENROLMENT_CHANGE_APPLY, LifecycleState.DAILY_USE);
    put(t, cp, ReceiptKind.FACTOR_LOSS, cp);
    for (LifecycleState s : LifecycleState.values()) {
      for (ReceiptKind annotation :
          EnumSet.of(
              ReceiptKind.CREDENTIAL_REISSUANCE_REQUEST,
              ReceiptKind.CREDENTIAL_REISSUANCE_COMPLETE,
              ReceiptKind.INHERITANCE_TRIGGER,
              ReceiptKind.INHERITANCE_CANCELLATION,
              ReceiptKind.PROXY_DESIGNATION,
              ReceiptKind.PROXY_ACTIVATION,
              ReceiptKind.PROXY_EXPIRATION,
              ReceiptKind.COURT_ORDER_DISCLOSURE,
              ReceiptKind.COMPROMISE_ROTATION)) {
        put(t, s, annotation, s);
      }
    }
    Map<LifecycleState, Map<ReceiptKind, LifecycleState>> frozen =
        new EnumMap<>(LifecycleState.class);
    t.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
    return Collections.unmodifiableMap(frozen);
  }

  private static void put(
      Map<LifecycleState, Map<ReceiptKind, LifecycleState>> t,
      LifecycleState from,
      ReceiptKind kind,
      LifecycleState to) {
    t.get(from).put(kind, to);
  }
}
