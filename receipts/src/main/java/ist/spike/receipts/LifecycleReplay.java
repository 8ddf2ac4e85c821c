package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Replays receipts one by one against the lifecycle rules: the transition table in {@link
 * LifecycleRules}, one subject, non-decreasing timestamps, and the payload rules of the transitions
 * that carry them. The state machine checks each receipt with this class before it signs it, and
 * the verifier replays a whole chain with it, so both enforce exactly the same rules.
 *
 * <p>Payload rules: {@code recovery_factor_assertion} names at least two distinct factors in {@code
 * factors}; {@code recovery_cooldown_start} needs a factor assertion since the recovery began and
 * an {@code ends_at} (Unix seconds); {@code recovery_probation_start} is not before that cooldown
 * end and carries its own {@code ends_at}; {@code recovery_probation_clear} is not before the
 * probation end; {@code emergency_rotation} needs a non-blank {@code override_evidence}, a factor
 * assertion when it skips from Recovery Initiated, and an {@code ends_at}; cancellations name
 * {@code cancelled_by}.
 *
 * <p>Not thread-safe.
 */
public final class LifecycleReplay {
  private LifecycleState state;
  private String subject;
  private long lastTimestamp = Long.MIN_VALUE;
  private boolean factorsAsserted;
  private long cooldownEndsAt = Long.MIN_VALUE;
  private long probationEndsAt = Long.MIN_VALUE;

  /** Starts before the genesis receipt. */
  public LifecycleReplay() {}

  /** Returns an independent copy, for checking a receipt without committing it. */
  public LifecycleReplay copy() {
    LifecycleReplay c = new LifecycleReplay();
    c.state = state;
    c.subject = subject;
    c.lastTimestamp = lastTimestamp;
    c.factorsAsserted = factorsAsserted;
    c.cooldownEndsAt = cooldownEndsAt;
    c.probationEndsAt = probationEndsAt;
    return c;
  }

  /** Returns the state reached, or empty before the genesis receipt. */
  public Optional<LifecycleState> state() {
    return Optional.ofNullable(state);
  }

  /** Returns the subject of the chain, or empty before the genesis receipt. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /** Returns the timestamp of the last receipt applied, or empty before the genesis receipt. */
  public OptionalLong lastTimestamp() {
    return state == null ? OptionalLong.empty() : OptionalLong.of(lastTimestamp);
  }

  /** Returns when the current cooldown ends (Unix seconds), if in Cooldown. */
  public OptionalLong cooldownEndsAt() {
    return state == LifecycleState.COOLDOWN
        ? OptionalLong.of(cooldownEndsAt)
        : OptionalLong.empty();
  }

  /** Returns when the current probation ends (Unix seconds), if in Probation. */
  public OptionalLong probationEndsAt() {
    return state == LifecycleState.PROBATION
        ? OptionalLong.of(probationEndsAt)
        : OptionalLong.empty();
  }

  /** Whether two factors have been asserted in the recovery in progress. */
  public boolean factorsAsserted() {
    return factorsAsserted;
  }

  /**
   * Checks a receipt against every lifecycle rule and, if it passes, advances the replay. On
   * failure nothing changes.
   *
   * @param kind the receipt kind; not null
   * @param subject the receipt subject; not null
   * @param timestamp Unix seconds
   * @param payload the receipt payload; not null
   * @throws LifecycleViolationException naming the rule broken
   */
  public void apply(ReceiptKind kind, String subject, long timestamp, JsonNode payload)
      throws LifecycleViolationException {
    requireNonNull(kind, "kind");
    requireNonNull(subject, "subject");
    requireNonNull(payload, "payload");
    LifecycleState next;
    if (state == null) {
      next =
          LifecycleRules.genesis(kind)
              .orElseThrow(
                  () ->
                      new LifecycleViolationException(
                          ChainErrorKind.ILLEGAL_TRANSITION,
                          "a chain must start with onboarding, not " + kind.wireName()));
    } else {
      if (!subject.equals(this.subject)) {
        throw new LifecycleViolationException(
            ChainErrorKind.SUBJECT_MISMATCH,
            "subject '" + subject + "' differs from the chain's subject '" + this.subject + "'");
      }
      if (timestamp < lastTimestamp) {
        throw new LifecycleViolationException(
            ChainErrorKind.TIMESTAMP_DECREASED,
            "timestamp " + timestamp + " is earlier than the previous " + lastTimestamp);
      }
      LifecycleState from = state;
      next =
          LifecycleRules.next(from, kind)
              .orElseThrow(
                  () ->
                      new LifecycleViolationException(
                          ChainErrorKind.ILLEGAL_TRANSITION,
                          kind.wireName() + " is not allowed in state " + from.displayName()));
    }
    boolean newFactors = factorsAsserted;
    long newCooldownEnd = cooldownEndsAt;
    long newProbationEnd = probationEndsAt;
    switch (kind) {
      case RECOVERY_INITIATION -> newFactors = false;
      case RECOVERY_FACTOR_ASSERTION -> {
        checkFactors(payload);
        newFactors = true;
      }
      case RECOVERY_COOLDOWN_START -> {
        requireFactors(kind);
        newCooldownEnd = endsAt(payload, timestamp, kind);
      }
      case RECOVERY_PROBATION_START -> {
        if (timestamp < cooldownEndsAt) {
          throw new LifecycleViolationException(
              ChainErrorKind.COOLDOWN_NOT_HONORED,
              "probation started at "
                  + timestamp
                  + " but the cooldown ends at "
                  + cooldownEndsAt
                  + " (Cooldown → Probation needs the full cooldown)");
        }
        newProbationEnd = endsAt(payload, timestamp, kind);
      }
      case EMERGENCY_ROTATION -> {
        if (state == LifecycleState.RECOVERY_INITIATED) {
          requireFactors(kind);
        }
        JsonNode evidence = payload.get("override_evidence");
        if (evidence == null || !evidence.isTextual() || evidence.textValue().isBlank()) {
          throw new LifecycleViolationException(
              ChainErrorKind.MISSING_OVERRIDE_EVIDENCE,
              "emergency_rotation skips the cooldown only with non-blank override_evidence");
        }
        newProbationEnd = endsAt(payload, timestamp, kind);
      }
      case RECOVERY_PROBATION_CLEAR -> {
        if (timestamp < probationEndsAt) {
          throw new LifecycleViolationException(
              ChainErrorKind.PROBATION_NOT_HONORED,
              "probation cleared at " + timestamp + " but it ends at " + probationEndsAt);
        }
      }
      case RECOVERY_COOLDOWN_CANCEL, RECOVERY_PROBATION_CANCEL -> {
        JsonNode by = payload.get("cancelled_by");
        if (by == null || !by.isTextual() || Canceller.fromWireName(by.textValue()).isEmpty()) {
          throw new LifecycleViolationException(
              ChainErrorKind.MISSING_CANCELLER,
              kind.wireName()
                  + " must name cancelled_by: old_device, recovery_contact or guardian");
        }
      }
      default -> {}
    }
    if (!next.isRecovering()) {
      newFactors = false;
    }
    state = next;
    if (this.subject == null) {
      this.subject = subject;
    }
    lastTimestamp = timestamp;
    factorsAsserted = newFactors;
    cooldownEndsAt = newCooldownEnd;
    probationEndsAt = newProbationEnd;
  }

  private void requireFactors(ReceiptKind kind) throws LifecycleViolationException {
    if (!factorsAsserted) {
      throw new LifecycleViolationException(
          ChainErrorKind.ILLEGAL_TRANSITION,
          kind.wireName() + " needs a recovery_factor_assertion since the recovery began");
    }
  }

  private static void checkFactors(JsonNode payload) throws LifecycleViolationException {
    JsonNode factors = payload.get("factors");
    Set<RecoveryFactor> distinct = EnumSet.noneOf(RecoveryFactor.class);
    if (factors != null && factors.isArray()) {
      for (JsonNode f : factors) {
        if (f.isTextual()) {
          RecoveryFactor.fromWireName(f.textValue()).ifPresent(distinct::add);
        }
      }
    }
    if (distinct.size() < 2) {
      throw new LifecycleViolationException(
          ChainErrorKind.INSUFFICIENT_FACTORS,
          "a factor assertion needs at least 2 distinct factors (device, cloud, recovery_code);"
              + " found "
              + distinct.size());
    }
  }

  private static long endsAt(JsonNode payload, long timestamp, ReceiptKind kind)
      throws LifecycleViolationException {
    JsonNode endsAt = payload.get("ends_at");
    if (endsAt == null || !endsAt.isIntegralNumber() || !endsAt.canConvertToLong()) {
      throw new LifecycleViolationException(
          ChainErrorKind.MALFORMED_PAYLOAD, kind.wireName() + " needs an integer ends_at");
    }
    if (endsAt.longValue() < timestamp) {
      throw new LifecycleViolationException(
          ChainErrorKind.MALFORMED_PAYLOAD,
          kind.wireName() + " ends_at " + endsAt.longValue() + " is before its timestamp");
    }
    return endsAt.longValue();
  }
}
