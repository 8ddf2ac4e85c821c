package ist.spike.spa.lifecycle;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.receipts.Canceller;
import ist.spike.receipts.ChainErrorKind;
import ist.spike.receipts.Enrolment;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.LifecycleReplay;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.LifecycleViolationException;
import ist.spike.receipts.Party;
import ist.spike.receipts.PartyApproval;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptChain;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.receipts.ReceiptKind;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.RecoveryFactor;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The recovery lifecycle of one subject. Each operation checks the transition against {@link
 * ist.spike.receipts.LifecycleRules} (through the chain's {@link LifecycleReplay}), then emits one
 * receipt signed by the group, so the state is always exactly what the receipt chain replays to.
 * Refused operations throw a named {@link LifecycleException} and record nothing.
 *
 * <p>Time comes from the injected {@link Clock}; tests move it instead of waiting. Not thread-safe.
 */
public final class RecoveryLifecycle {
  private final ReceiptChain chain;
  private final String subject;
  private final Clock clock;
  private final LifecyclePolicy policy;

  private RecoveryLifecycle(
      ReceiptChain chain, String subject, Clock clock, LifecyclePolicy policy) {
    this.chain = chain;
    this.subject = subject;
    this.clock = clock;
    this.policy = policy;
  }

  /**
   * Onboards a subject: emits the genesis {@code onboarding} receipt, which records the enrolment
   * (tier, registered parties, test user) for the life of the chain.
   *
   * @param groupKey the group public key; not null
   * @param subject who the chain is about; not blank
   * @param clock the clock; not null
   * @param enrolment tier, parties and test-user mark; not null
   * @param signer the group signer; not null
   * @return the machine, in Onboarded
   * @throws GeneralSecurityException if signing fails
   */
  public static RecoveryLifecycle onboard(
      GroupPublicKey groupKey,
      String subject,
      Clock clock,
      Enrolment enrolment,
      ReceiptSigner signer)
      throws GeneralSecurityException {
    return onboard(groupKey, subject, clock, enrolment, obj(), signer);
  }

  /**
   * Onboards a subject with extra genesis fields the lifecycle does not interpret (for example
   * where the cloud factor lives), signed with the rest.
   *
   * @param extra fields to add to the genesis payload; not null
   */
  public static RecoveryLifecycle onboard(
      GroupPublicKey groupKey,
      String subject,
      Clock clock,
      Enrolment enrolment,
      ObjectNode extra,
      ReceiptSigner signer)
      throws GeneralSecurityException {
    requireNonNull(subject, "subject");
    requireNonNull(extra, "extra");
    requireNonNull(enrolment, "enrolment");
    RecoveryLifecycle m =
        new RecoveryLifecycle(
            ReceiptChain.empty(requireNonNull(groupKey, "groupKey")),
            subject,
            requireNonNull(clock, "clock"),
            LifecyclePolicy.of(enrolment.tier()));
    ObjectNode payload =
        obj().put("threshold", 2).put("participants", 3).put("group_public_key", groupKey.toHex());
    payload.setAll(extra);
    enrolment.writeTo(payload);
    try {
      m.emit(ReceiptKind.ONBOARDING, "onboard", payload, signer);
    } catch (LifecycleException e) {
      throw new IllegalStateException("onboarding an empty chain cannot be refused", e);
    }
    return m;
  }

  /**
   * Resumes from a verified chain (crash-resume: the state is the chain's replay). Cooldown and
   * probation come from the tier recorded at onboarding.
   *
   * @param chain a verified chain with at least the genesis receipt; not null
   * @param clock the clock; not null
   * @return the machine
   */
  public static RecoveryLifecycle resume(ReceiptChain chain, Clock clock) {
    requireNonNull(chain, "chain");
    LifecycleReplay replay = chain.replay();
    String subject =
        replay
            .subject()
            .orElseThrow(() -> new IllegalArgumentException("the chain has no receipts"));
    Enrolment enrolment = replay.enrolment().orElseThrow();
    return new RecoveryLifecycle(
        chain, subject, requireNonNull(clock, "clock"), LifecyclePolicy.of(enrolment.tier()));
  }

  /** Returns the enrolment recorded at onboarding. */
  public Enrolment enrolment() {
    return chain.replay().enrolment().orElseThrow();
  }

  /** Returns the current state. */
  public LifecycleState state() {
    return chain.replay().state().orElseThrow();
  }

  /** Returns when the running cooldown ends, if in Cooldown. */
  public Optional<Instant> cooldownEndsAt() {
    var end = chain.replay().cooldownEndsAt();
    return end.isPresent() ? Optional.of(Instant.ofEpochSecond(end.getAsLong())) : Optional.empty();
  }

  /** Returns when the running probation ends, if in Probation. */
  public Optional<Instant> probationEndsAt() {
    var end = chain.replay().probationEndsAt();
    return end.isPresent() ? Optional.of(Instant.ofEpochSecond(end.getAsLong())) : Optional.empty();
  }

  /** Returns the receipt chain. */
  public ReceiptChain chain() {
    return chain;
  }

  /** Returns the subject. */
  public String subject() {
    return subject;
  }

  /** Onboarded → Daily Use (the first signature made with the new shares). */
  public Receipt beginDailyUse(ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return emit(ReceiptKind.DAILY_USE_START, "begin daily use", obj(), signer);
  }

  /** Records that a factor's share was lost; the state does not change. */
  public Receipt reportFactorLoss(RecoveryFactor factor, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(factor, "factor");
    return emit(
        ReceiptKind.FACTOR_LOSS,
        "report a lost factor",
        obj().put("factor", factor.wireName()),
        signer);
  }

  /** Onboarded, Daily Use or Live → Recovery Initiated. */
  public Receipt initiateRecovery(ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return emit(ReceiptKind.RECOVERY_INITIATION, "initiate recovery", obj(), signer);
  }

  /**
   * Recovery Initiated → Cooldown: records the factors proven (the signer must be those factors'
   * shares) and starts the cooldown. Emits two receipts.
   *
   * @param factors at least two distinct factors; not null
   * @param signer the group signer made from those factors; not null
   * @return the factor assertion and cooldown start receipts
   */
  public List<Receipt> presentFactors(Set<RecoveryFactor> factors, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(factors, "factors");
    ObjectNode assertion = obj();
    ArrayNode list = assertion.putArray("factors");
    EnumSet.copyOf(factors.isEmpty() ? EnumSet.noneOf(RecoveryFactor.class) : factors)
        .forEach(f -> list.add(f.wireName()));
    long now = nowSeconds();
    // Check both receipts before emitting either, so a refusal records nothing.
    LifecycleReplay probe = chain.replay();
    ObjectNode cooldown = obj().put("ends_at", now + policy.cooldown().getSeconds());
    cooldown.put("cooldown_seconds", policy.cooldown().getSeconds());
    try {
      probe.apply(
          ReceiptKind.RECOVERY_FACTOR_ASSERTION,
          subject,
          now,
          chain.head().map(Receipt::contentHash),
          assertion);
      // The second receipt's approvals would be bound to the first; it carries none.
      probe.apply(ReceiptKind.RECOVERY_COOLDOWN_START, subject, now, Optional.empty(), cooldown);
    } catch (LifecycleViolationException e) {
      throw translate(e, "present recovery factors");
    }
    List<Receipt> out = new ArrayList<>(2);
    out.add(
        emitAt(
            ReceiptKind.RECOVERY_FACTOR_ASSERTION,
            "present recovery factors",
            now,
            assertion,
            signer));
    out.add(emitAt(ReceiptKind.RECOVERY_COOLDOWN_START, "start cooldown", now, cooldown, signer));
    return out;
  }

  /**
   * Moves time-driven states on: Cooldown → Probation once the cooldown has passed, Probation →
   * Live once probation has passed.
   *
   * @param approvers party approvals (the institutional tier needs a guardian to go Live); not null
   * @throws CooldownNotElapsedException if the cooldown is still running
   * @throws ProbationNotElapsedException if probation is still running
   * @throws IllegalTransitionException in any other state
   */
  public Receipt advance(List<PartyApprover> approvers, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return switch (state()) {
      case COOLDOWN -> startProbation(signer);
      case PROBATION -> completeProbation(approvers, signer);
      default ->
          throw new IllegalTransitionException(
              state(), "advance", "only Cooldown and Probation end by time");
    };
  }

  /** {@link #advance(List, ReceiptSigner)} without party approvals. */
  public Receipt advance(ReceiptSigner signer) throws LifecycleException, GeneralSecurityException {
    return advance(List.of(), signer);
  }

  /**
   * Checks, without signing or recording anything, that {@link #advance} would be accepted now:
   * callers use it to say "the cooldown has N hours left" before asking for any factor.
   *
   * @throws LifecycleException as {@link #advance} would
   */
  public void checkAdvanceDue() throws LifecycleException {
    long now = nowSeconds();
    switch (state()) {
      case COOLDOWN -> {
        long end = chain.replay().cooldownEndsAt().orElseThrow();
        if (now < end) {
          throw new CooldownNotElapsedException(
              Instant.ofEpochSecond(end), Instant.ofEpochSecond(now));
        }
      }
      case PROBATION -> {
        long end = chain.replay().probationEndsAt().orElseThrow();
        if (now < end) {
          throw new ProbationNotElapsedException(
              Instant.ofEpochSecond(end), Instant.ofEpochSecond(now));
        }
      }
      default ->
          throw new IllegalTransitionException(
              state(), "advance", "only Cooldown and Probation end by time");
    }
  }

  /** Cooldown → Probation, once the cooldown has passed. */
  public Receipt startProbation(ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    long now = nowSeconds();
    return emitAt(
        ReceiptKind.RECOVERY_PROBATION_START,
        "start probation",
        now,
        obj().put("ends_at", now + policy.probation().getSeconds()),
        signer);
  }

  /**
   * Probation → Live, once probation has passed. Refused from Cooldown (Cooldown → Live). In the
   * institutional tier a guardian must be among the approvers.
   */
  public Receipt completeProbation(List<PartyApprover> approvers, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return emit(
        ReceiptKind.RECOVERY_PROBATION_CLEAR,
        "complete probation",
        withApprovals(obj(), ReceiptKind.RECOVERY_PROBATION_CLEAR, approvers),
        signer);
  }

  /** {@link #completeProbation(List, ReceiptSigner)} without party approvals. */
  public Receipt completeProbation(ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return completeProbation(List.of(), signer);
  }

  /**
   * Cancels a recovery in progress (Recovery Initiated, Cooldown or Probation) → Daily Use. Only a
   * registered party whose role the tier allows may cancel; its signature is carried in the receipt
   * and its role recorded as {@code cancelled_by}.
   *
   * @param approver the cancelling party; not null
   * @throws RecoveryRuleException ({@link ChainErrorKind#UNAUTHORIZED_PARTY}) if the party is not
   *     registered or may not cancel in this tier
   */
  public Receipt cancel(PartyApprover approver, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(approver, "approver");
    Canceller by =
        enrolment()
            .party(approver.party())
            .map(Party::role)
            .orElseThrow(
                () ->
                    new RecoveryRuleException(
                        ChainErrorKind.UNAUTHORIZED_PARTY,
                        "party '" + approver.party() + "' was not registered at onboarding"));
    ReceiptKind kind =
        state() == LifecycleState.PROBATION
            ? ReceiptKind.RECOVERY_PROBATION_CANCEL
            : ReceiptKind.RECOVERY_COOLDOWN_CANCEL;
    return emit(
        kind,
        "cancel recovery",
        withApprovals(obj().put("cancelled_by", by.wireName()), kind, List.of(approver)),
        signer);
  }

  /**
   * Emergency rotation: skips the cooldown (from Recovery Initiated after factors, or from
   * Cooldown) straight to Probation, only with explicit override evidence, which is recorded, and
   * the approvals the tier requires from factors other than those that started the recovery.
   *
   * @param overrideEvidence why the cooldown is skipped; not blank
   * @param approvers the approving parties; not null
   */
  public Receipt emergencyRotate(
      String overrideEvidence, List<PartyApprover> approvers, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(overrideEvidence, "overrideEvidence");
    long now = nowSeconds();
    ObjectNode payload =
        obj()
            .put("override_evidence", overrideEvidence.strip())
            .put("ends_at", now + policy.probation().getSeconds());
    payload.put("skipped_from", state().displayName());
    withApprovals(payload, ReceiptKind.EMERGENCY_ROTATION, approvers);
    return emitAt(ReceiptKind.EMERGENCY_ROTATION, "emergency rotation", now, payload, signer);
  }

  /** Live → Daily Use: a new device holds a share again. */
  public Receipt rebind(RecoveryFactor factor, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(factor, "factor");
    return emit(
        ReceiptKind.WALLET_UNIT_REBIND,
        "rebind the wallet unit",
        obj().put("factor", factor.wireName()),
        signer);
  }

  /** Records that a lost share was repaired by the other two holders; the state does not change. */
  public Receipt recordRepair(
      RecoveryFactor factor, Set<RecoveryFactor> helpers, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(factor, "factor");
    requireNonNull(helpers, "helpers");
    ObjectNode payload = obj().put("factor", factor.wireName());
    ArrayNode list = payload.putArray("helpers");
    helpers.stream().sorted().forEach(h -> list.add(h.wireName()));
    return emit(ReceiptKind.SHARE_REPAIR, "record a share repair", payload, signer);
  }

  /** Records a share refresh (same group key, new shares); the state does not change. */
  public Receipt recordRefresh(ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return emit(ReceiptKind.SHARE_REFRESH, "record a share refresh", obj(), signer);
  }

  private ObjectNode withApprovals(
      ObjectNode payload, ReceiptKind kind, List<PartyApprover> approvers)
      throws GeneralSecurityException {
    requireNonNull(approvers, "approvers");
    if (approvers.isEmpty()) {
      return payload;
    }
    byte[] message = PartyApproval.message(subject, kind, chain.head().map(Receipt::contentHash));
    ArrayNode list = payload.putArray(PartyApproval.FIELD);
    for (PartyApprover a : approvers) {
      list.addObject()
          .put("party", a.party())
          .put("signature", HexFormat.of().formatHex(a.key().sign(message)));
    }
    return payload;
  }

  private Receipt emit(ReceiptKind kind, String operation, ObjectNode payload, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    return emitAt(kind, operation, nowSeconds(), payload, signer);
  }

  private Receipt emitAt(
      ReceiptKind kind, String operation, long now, ObjectNode payload, ReceiptSigner signer)
      throws LifecycleException, GeneralSecurityException {
    requireNonNull(signer, "signer");
    try {
      return chain.append(kind, subject, now, payload, signer);
    } catch (LifecycleViolationException e) {
      throw translate(e, operation);
    } catch (ReceiptFormatException e) {
      throw new IllegalStateException("the machine built a malformed receipt", e);
    }
  }

  private LifecycleException translate(LifecycleViolationException e, String operation) {
    LifecycleReplay replay = chain.replay();
    Instant now = Instant.ofEpochSecond(nowSeconds());
    return switch (e.kind()) {
      case ILLEGAL_TRANSITION ->
          new IllegalTransitionException(replay.state().orElse(null), operation, e.getMessage());
      case COOLDOWN_NOT_HONORED ->
          new CooldownNotElapsedException(
              Instant.ofEpochSecond(replay.cooldownEndsAt().orElseThrow()), now);
      case PROBATION_NOT_HONORED ->
          new ProbationNotElapsedException(
              Instant.ofEpochSecond(replay.probationEndsAt().orElseThrow()), now);
      default -> new RecoveryRuleException(e.kind(), e.getMessage());
    };
  }

  private long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  private static ObjectNode obj() {
    return JsonNodeFactory.instance.objectNode();
  }
}
