package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Replays receipts one by one against the lifecycle rules: the transition table in {@link
 * LifecycleRules}, one subject, non-decreasing timestamps, the enrolment fixed at onboarding, and
 * the payload rules of the transitions that carry them. The state machine checks each receipt with
 * this class before it signs it, and the verifier replays a whole chain with it, so both enforce
 * exactly the same rules.
 *
 * <p>Payload rules: the genesis names an {@link Enrolment} (tier, registered parties, test user);
 * {@code recovery_factor_assertion} names at least two distinct factors in {@code factors}; {@code
 * recovery_cooldown_start} needs a factor assertion since the recovery began and an {@code ends_at}
 * (Unix seconds) at least the tier's cooldown after its timestamp; {@code recovery_probation_start}
 * is not before that cooldown end and carries its own {@code ends_at}, at least the tier's
 * probation later; {@code recovery_probation_clear} is not before the probation end and, in the
 * institutional tier, carries a guardian's approval; {@code emergency_rotation} needs a non-blank
 * {@code override_evidence}, a factor assertion when it skips from Recovery Initiated, an {@code
 * ends_at}, and the approvals its tier requires from parties independent of the factors that
 * started the recovery; cancellations carry the approval of a registered party whose role the tier
 * allows to cancel, and name that role in {@code cancelled_by}. Every approval present must be
 * signed (see {@link PartyApproval}) by a registered party.
 *
 * <p>Not thread-safe.
 */
public final class LifecycleReplay {
  private LifecycleState state;
  private String subject;
  private Enrolment enrolment;
  private long lastTimestamp = Long.MIN_VALUE;
  private Set<RecoveryFactor> asserted = EnumSet.noneOf(RecoveryFactor.class);
  private long cooldownEndsAt = Long.MIN_VALUE;
  private long probationEndsAt = Long.MIN_VALUE;

  /** Starts before the genesis receipt. */
  public LifecycleReplay() {}

  /** Returns an independent copy, for checking a receipt without committing it. */
  public LifecycleReplay copy() {
    LifecycleReplay c = new LifecycleReplay();
    c.state = state;
    c.subject = subject;
    c.enrolment = enrolment;
    c.lastTimestamp = lastTimestamp;
    c.asserted = EnumSet.copyOf(asserted);
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

  /** Returns the enrolment recorded at onboarding, or empty before the genesis receipt. */
  public Optional<Enrolment> enrolment() {
    return Optional.ofNullable(enrolment);
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
    return !asserted.isEmpty();
  }

  /** Returns the factors asserted in the recovery in progress (empty if none). */
  public Set<RecoveryFactor> assertedFactors() {
    return asserted.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(asserted));
  }

  /**
   * Checks a receipt against every lifecycle rule and, if it passes, advances the replay. On
   * failure nothing changes.
   *
   * @param receipt the receipt (its signature is not looked at); not null
   * @throws LifecycleViolationException naming the rule broken
   */
  public void apply(Receipt receipt) throws LifecycleViolationException {
    requireNonNull(receipt, "receipt");
    apply(
        receipt.kind(),
        receipt.subject(),
        receipt.timestamp(),
        receipt.prevHash(),
        receipt.payload());
  }

  /**
   * Checks a receipt against every lifecycle rule and, if it passes, advances the replay. On
   * failure nothing changes.
   *
   * @param kind the receipt kind; not null
   * @param subject the receipt subject; not null
   * @param timestamp Unix seconds
   * @param prev the content hash of the receipt before (party approvals are bound to it); not null
   * @param payload the receipt payload; not null
   * @throws LifecycleViolationException naming the rule broken
   */
  public void apply(
      ReceiptKind kind,
      String subject,
      long timestamp,
      Optional<ContentHash> prev,
      JsonNode payload)
      throws LifecycleViolationException {
    requireNonNull(kind, "kind");
    requireNonNull(subject, "subject");
    requireNonNull(prev, "prev");
    requireNonNull(payload, "payload");
    LifecycleState next;
    Enrolment e = enrolment;
    if (state == null) {
      next =
          LifecycleRules.genesis(kind)
              .orElseThrow(
                  () ->
                      new LifecycleViolationException(
                          ChainErrorKind.ILLEGAL_TRANSITION,
                          "a chain must start with onboarding, not " + kind.wireName()));
      e = Enrolment.fromGenesis(payload);
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
    Map<String, Party> approvers = approvals(e, subject, kind, prev, payload);
    Tier tier = e.tier();
    Set<RecoveryFactor> newAsserted = EnumSet.copyOf(asserted);
    long newCooldownEnd = cooldownEndsAt;
    long newProbationEnd = probationEndsAt;
    switch (kind) {
      case RECOVERY_INITIATION -> newAsserted.clear();
      case RECOVERY_FACTOR_ASSERTION -> newAsserted = checkFactors(payload);
      case RECOVERY_COOLDOWN_START -> {
        requireFactors(kind);
        newCooldownEnd = endsAt(payload, timestamp, kind);
        if (newCooldownEnd - timestamp < tier.cooldownSeconds()) {
          throw new LifecycleViolationException(
              ChainErrorKind.COOLDOWN_NOT_HONORED,
              "the cooldown lasts "
                  + (newCooldownEnd - timestamp)
                  + " s but the "
                  + tier.wireName()
                  + " tier needs "
                  + tier.cooldownSeconds()
                  + " s");
        }
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
        newProbationEnd = probationEnd(payload, timestamp, kind, tier);
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
        checkOverride(e, approvers);
        newProbationEnd = probationEnd(payload, timestamp, kind, tier);
      }
      case RECOVERY_PROBATION_CLEAR -> {
        if (timestamp < probationEndsAt) {
          throw new LifecycleViolationException(
              ChainErrorKind.PROBATION_NOT_HONORED,
              "probation cleared at " + timestamp + " but it ends at " + probationEndsAt);
        }
        if (tier.guardianCompletes()
            && approvers.values().stream().noneMatch(p -> p.role() == Canceller.GUARDIAN)) {
          throw new LifecycleViolationException(
              ChainErrorKind.INSUFFICIENT_APPROVALS,
              "in the " + tier.wireName() + " tier a guardian's signature completes a recovery");
        }
      }
      case RECOVERY_COOLDOWN_CANCEL, RECOVERY_PROBATION_CANCEL ->
          checkCancel(e, kind, payload, approvers);
      default -> {}
    }
    if (!next.isRecovering()) {
      newAsserted.clear();
    }
    state = next;
    if (this.subject == null) {
      this.subject = subject;
    }
    enrolment = e;
    lastTimestamp = timestamp;
    asserted = newAsserted;
    cooldownEndsAt = newCooldownEnd;
    probationEndsAt = newProbationEnd;
  }

  /** Checks every approval in the payload; returns the approving parties by name. */
  private static Map<String, Party> approvals(
      Enrolment e, String subject, ReceiptKind kind, Optional<ContentHash> prev, JsonNode payload)
      throws LifecycleViolationException {
    JsonNode list = payload.get(PartyApproval.FIELD);
    Map<String, Party> out = new LinkedHashMap<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray() || list.size() > PartyApproval.MAX_APPROVALS) {
      throw new LifecycleViolationException(
          ChainErrorKind.MALFORMED_PAYLOAD,
          "approvals must be an array of at most " + PartyApproval.MAX_APPROVALS + " entries");
    }
    byte[] message = PartyApproval.message(subject, kind, prev);
    for (JsonNode a : list) {
      JsonNode name = a.get("party");
      JsonNode sig = a.get("signature");
      if (name == null
          || !name.isTextual()
          || sig == null
          || !sig.isTextual()
          || !Hex.isLowerHex(sig.textValue(), Receipt.SIGNATURE_LENGTH * 2)) {
        throw new LifecycleViolationException(
            ChainErrorKind.MALFORMED_PAYLOAD,
            "an approval is {\"party\": NAME, \"signature\": 128 lower-case hex}");
      }
      Party p =
          e.party(name.textValue())
              .orElseThrow(
                  () ->
                      new LifecycleViolationException(
                          ChainErrorKind.UNAUTHORIZED_PARTY,
                          "party '" + name.textValue() + "' was not registered at onboarding"));
      if (!p.publicKey().verify(message, HexFormat.of().parseHex(sig.textValue()))) {
        throw new LifecycleViolationException(
            ChainErrorKind.UNAUTHORIZED_PARTY,
            "the approval of party '" + p.name() + "' does not verify under its registered key");
      }
      out.put(p.name(), p);
    }
    return out;
  }

  private static void checkCancel(
      Enrolment e, ReceiptKind kind, JsonNode payload, Map<String, Party> approvers)
      throws LifecycleViolationException {
    JsonNode by = payload.get("cancelled_by");
    Optional<Canceller> role =
        by != null && by.isTextual() ? Canceller.fromWireName(by.textValue()) : Optional.empty();
    if (role.isEmpty()) {
      throw new LifecycleViolationException(
          ChainErrorKind.MISSING_CANCELLER,
          kind.wireName() + " must name cancelled_by: old_device, recovery_contact or guardian");
    }
    if (!e.tier().cancellers().contains(role.get())) {
      throw new LifecycleViolationException(
          ChainErrorKind.UNAUTHORIZED_PARTY,
          "in the "
              + e.tier().wireName()
              + " tier a "
              + role.get().wireName()
              + " may not cancel a recovery");
    }
    if (approvers.values().stream().noneMatch(p -> p.role() == role.get())) {
      throw new LifecycleViolationException(
          ChainErrorKind.UNAUTHORIZED_PARTY,
          kind.wireName()
              + " by "
              + role.get().wireName()
              + " needs the signature of a registered "
              + role.get().wireName());
    }
  }

  private void checkOverride(Enrolment e, Map<String, Party> approvers)
      throws LifecycleViolationException {
    Tier tier = e.tier();
    boolean deviceStarted = asserted.contains(RecoveryFactor.DEVICE);
    List<Party> independent = new ArrayList<>();
    boolean onlyInitiating = false;
    for (Party p : approvers.values()) {
      if (p.role() == Canceller.OLD_DEVICE && deviceStarted) {
        onlyInitiating = true;
      } else if (tier.overriders().contains(p.role())) {
        independent.add(p);
      }
    }
    if (tier == Tier.CONSUMER) {
      if (independent.isEmpty()) {
        throw new LifecycleViolationException(
            ChainErrorKind.INDEPENDENT_FACTOR_REQUIRED,
            onlyInitiating
                ? "the old device started this recovery; an emergency rotation needs a different"
                    + " factor (a recovery contact)"
                : "an emergency rotation needs the signature of a factor that did not start the"
                    + " recovery (the old device or a recovery contact)");
      }
      return;
    }
    long guardians = independent.stream().filter(p -> p.role() == Canceller.GUARDIAN).count();
    int needed = tier == Tier.THRESHOLD_NETWORK ? e.guardianThreshold() : 1;
    if (guardians < needed) {
      throw new LifecycleViolationException(
          ChainErrorKind.INSUFFICIENT_APPROVALS,
          "in the "
              + tier.wireName()
              + " tier an emergency rotation needs "
              + needed
              + " guardian signature(s); found "
              + guardians);
    }
  }

  private static long probationEnd(JsonNode payload, long timestamp, ReceiptKind kind, Tier tier)
      throws LifecycleViolationException {
    long end = endsAt(payload, timestamp, kind);
    if (end - timestamp < tier.probationSeconds()) {
      throw new LifecycleViolationException(
          ChainErrorKind.PROBATION_NOT_HONORED,
          "the probation lasts "
              + (end - timestamp)
              + " s but the "
              + tier.wireName()
              + " tier needs "
              + tier.probationSeconds()
              + " s");
    }
    return end;
  }

  private void requireFactors(ReceiptKind kind) throws LifecycleViolationException {
    if (asserted.isEmpty()) {
      throw new LifecycleViolationException(
          ChainErrorKind.ILLEGAL_TRANSITION,
          kind.wireName() + " needs a recovery_factor_assertion since the recovery began");
    }
  }

  private static Set<RecoveryFactor> checkFactors(JsonNode payload)
      throws LifecycleViolationException {
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
    return distinct;
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
