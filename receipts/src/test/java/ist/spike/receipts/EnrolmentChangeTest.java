package ist.spike.receipts;

import static ist.spike.receipts.Chains.HOUR;
import static ist.spike.receipts.Chains.T0;
import static ist.spike.receipts.Chains.changeRequest;
import static ist.spike.receipts.Chains.factors;
import static ist.spike.receipts.Chains.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A change of tier or registered parties is recovery-class: requested, held for the current tier's
 * cooldown, cancellable by the current tier's cancellers, applied only afterwards.
 */
class EnrolmentChangeTest {
  private final JdkSigner signer = new JdkSigner();
  private static final Instant NOW = Instant.ofEpochSecond(T0 + 1000 * HOUR);

  private Chains onboarded(Tier tier) throws Exception {
    Chains c = new Chains(signer);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(tier));
    c.add(ReceiptKind.DAILY_USE_START, T0, obj());
    return c;
  }

  private ChainReport verify(Chains c) {
    return ChainVerifier.verify(c.receipts(), signer.publicKey(), NOW);
  }

  private static void assertError(ChainReport report, int index, ChainErrorKind kind) {
    assertThat(report.error())
        .as("%s", report)
        .hasValueSatisfying(
            e -> {
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.kind()).isEqualTo(kind);
            });
  }

  private static LifecycleReplay replay(Chains c) throws Exception {
    LifecycleReplay r = new LifecycleReplay();
    for (Receipt receipt : c.receipts()) {
      r.apply(receipt);
    }
    return r;
  }

  @Test
  void change_afterTheCurrentCooldown_takesEffectAndNewTierGovernsRecovery() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.THRESHOLD_NETWORK, false), t + 48 * HOUR));
    assertThat(replay(c).state()).contains(LifecycleState.CHANGE_PENDING);
    assertThat(replay(c).enrolment().orElseThrow().tier())
        .as("the current tier governs until the change is applied")
        .isEqualTo(Tier.CONSUMER);
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t += 48 * HOUR, obj());
    assertThat(verify(c).error()).isEmpty();
    assertThat(replay(c).enrolment().orElseThrow().tier()).isEqualTo(Tier.THRESHOLD_NETWORK);
    assertThat(replay(c).state()).contains(LifecycleState.DAILY_USE);

    c.add(ReceiptKind.RECOVERY_INITIATION, t, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, t, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, t, obj().put("ends_at", t + 48 * HOUR));
    assertError(verify(c), 6, ChainErrorKind.COOLDOWN_NOT_HONORED);
  }

  @Test
  void change_appliedBeforeItsCooldownEnds_cooldownNotHonoredAtItsIndex() throws Exception {
    Chains c = onboarded(Tier.THRESHOLD_NETWORK);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.CONSUMER, false), t + 96 * HOUR));
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 96 * HOUR - 1, obj());
    assertError(verify(c), 3, ChainErrorKind.COOLDOWN_NOT_HONORED);
  }

  @Test
  void change_requestWithTheNewTiersShorterCooldown_refused() throws Exception {
    // Lowering threshold_network (96 h) to consumer must wait 96 h, not consumer's 48 h.
    Chains c = onboarded(Tier.THRESHOLD_NETWORK);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.CONSUMER, false), t + 48 * HOUR));
    assertError(verify(c), 2, ChainErrorKind.COOLDOWN_NOT_HONORED);
  }

  @Test
  void change_cancelledByAContact_oldEnrolmentStays() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.INSTITUTIONAL, false), t + 48 * HOUR));
    c.addApproved(
        ReceiptKind.ENROLMENT_CHANGE_CANCEL,
        t + HOUR,
        obj().put("cancelled_by", "recovery_contact"),
        "bob");
    assertThat(verify(c).error()).isEmpty();
    assertThat(replay(c).state()).contains(LifecycleState.DAILY_USE);
    assertThat(replay(c).enrolment().orElseThrow().tier()).isEqualTo(Tier.CONSUMER);
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 48 * HOUR, obj());
    assertError(verify(c), 4, ChainErrorKind.ILLEGAL_TRANSITION);
  }

  @Test
  void change_cancelByARoleTheCurrentTierRefuses_unauthorizedParty() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.THRESHOLD_NETWORK, false), t + 48 * HOUR));
    c.addApproved(
        ReceiptKind.ENROLMENT_CHANGE_CANCEL, t + HOUR, obj().put("cancelled_by", "guardian"), "g1");
    assertError(verify(c), 3, ChainErrorKind.UNAUTHORIZED_PARTY);
  }

  @Test
  void change_institutionalApplyWithoutAGuardian_insufficientApprovals() throws Exception {
    Chains c = onboarded(Tier.INSTITUTIONAL);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.CONSUMER, false), t + 72 * HOUR));
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 72 * HOUR, obj());
    assertError(verify(c), 3, ChainErrorKind.INSUFFICIENT_APPROVALS);
    c.removeLast();
    c.addApproved(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 72 * HOUR, obj(), "g2");
    assertThat(verify(c).error()).isEmpty();
  }

  @Test
  void change_addedPartyApprovesOnlyAfterApply_removedPartyNoLonger() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    c.parties.put("carol", new JdkSigner());
    Map<String, Party> parties = new LinkedHashMap<>(c.enrolment(Tier.CONSUMER, false).parties());
    parties.remove("bob");
    parties.put(
        "carol",
        new Party("carol", Canceller.RECOVERY_CONTACT, c.parties.get("carol").publicKey()));
    Enrolment proposed = new Enrolment(Tier.CONSUMER, false, parties, 1);
    long t = T0 + 10;
    c.add(ReceiptKind.ENROLMENT_CHANGE_REQUEST, t, changeRequest(proposed, t + 48 * HOUR));
    c.addApproved(
        ReceiptKind.ENROLMENT_CHANGE_CANCEL,
        t + HOUR,
        obj().put("cancelled_by", "recovery_contact"),
        "carol");
    assertError(verify(c), 3, ChainErrorKind.UNAUTHORIZED_PARTY);
    c.removeLast();
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t += 48 * HOUR, obj());
    c.add(ReceiptKind.RECOVERY_INITIATION, t, obj());
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        t,
        obj().put("cancelled_by", "recovery_contact"),
        "bob");
    assertError(verify(c), 5, ChainErrorKind.UNAUTHORIZED_PARTY);
    c.removeLast();
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL,
        t,
        obj().put("cancelled_by", "recovery_contact"),
        "carol");
    assertThat(verify(c).error()).isEmpty();
  }

  @Test
  void change_settingTestUser_malformedPayload() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    var payload = changeRequest(c.enrolment(Tier.CONSUMER, false), t + 48 * HOUR);
    ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("change")).put("test_user", true);
    c.add(ReceiptKind.ENROLMENT_CHANGE_REQUEST, t, payload);
    assertError(verify(c), 2, ChainErrorKind.MALFORMED_PAYLOAD);
  }

  @Test
  void change_pending_survivesAFactorLossAndAnAnnotation() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.THRESHOLD_NETWORK, false), t + 48 * HOUR));
    c.add(ReceiptKind.FACTOR_LOSS, t + HOUR, obj().put("factor", "device"));
    c.add(ReceiptKind.CREDENTIAL_REISSUANCE_REQUEST, t + 2 * HOUR, obj());
    assertThat(replay(c).pendingChange().orElseThrow().tier()).isEqualTo(Tier.THRESHOLD_NETWORK);
    assertThat(replay(c).changeEndsAt()).hasValue(t + 48 * HOUR);
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 47 * HOUR, obj());
    assertError(verify(c), 5, ChainErrorKind.COOLDOWN_NOT_HONORED);
    c.removeLast();
    c.add(ReceiptKind.ENROLMENT_CHANGE_APPLY, t + 48 * HOUR, obj());
    assertThat(verify(c).error()).isEmpty();
    assertThat(replay(c).enrolment().orElseThrow().tier()).isEqualTo(Tier.THRESHOLD_NETWORK);
  }

  @Test
  void change_pending_recoveryCannotStartUntilCancelledOrApplied() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(
        ReceiptKind.ENROLMENT_CHANGE_REQUEST,
        t,
        changeRequest(c.enrolment(Tier.CONSUMER, false), t + 48 * HOUR));
    c.add(ReceiptKind.RECOVERY_INITIATION, t + 1, obj());
    assertError(verify(c), 3, ChainErrorKind.ILLEGAL_TRANSITION);
  }

  @Test
  void rebind_withNewDeviceKey_newKeyApprovesAndOldKeyNoLonger() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(ReceiptKind.RECOVERY_INITIATION, t, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, t, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, t, obj().put("ends_at", t + 48 * HOUR));
    c.add(
        ReceiptKind.RECOVERY_PROBATION_START, t += 48 * HOUR, obj().put("ends_at", t + 24 * HOUR));
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, t += 24 * HOUR, obj());
    JdkSigner oldDevice = c.parties.get("device");
    JdkSigner newDevice = new JdkSigner();
    c.add(
        ReceiptKind.WALLET_UNIT_REBIND,
        t,
        obj().put("factor", "device").put("device_public_key", newDevice.publicKey().toHex()));
    c.add(ReceiptKind.RECOVERY_INITIATION, t, obj());
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL, t, obj().put("cancelled_by", "old_device"), "device");
    assertError(verify(c), 9, ChainErrorKind.UNAUTHORIZED_PARTY);
    c.removeLast();
    c.parties.put("device", newDevice);
    c.addApproved(
        ReceiptKind.RECOVERY_COOLDOWN_CANCEL, t, obj().put("cancelled_by", "old_device"), "device");
    assertThat(verify(c).error()).isEmpty();
    assertThat(oldDevice.publicKey()).isNotEqualTo(newDevice.publicKey());
  }

  @Test
  void rebind_withMalformedDeviceKey_malformedPayload() throws Exception {
    Chains c = onboarded(Tier.CONSUMER);
    long t = T0 + 10;
    c.add(ReceiptKind.RECOVERY_INITIATION, t, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, t, factors("cloud", "recovery_code"));
    c.add(ReceiptKind.RECOVERY_COOLDOWN_START, t, obj().put("ends_at", t + 48 * HOUR));
    c.add(
        ReceiptKind.RECOVERY_PROBATION_START, t += 48 * HOUR, obj().put("ends_at", t + 24 * HOUR));
    c.add(ReceiptKind.RECOVERY_PROBATION_CLEAR, t += 24 * HOUR, obj());
    c.add(ReceiptKind.WALLET_UNIT_REBIND, t, obj().put("device_public_key", "zz"));
    assertError(verify(c), 7, ChainErrorKind.MALFORMED_PAYLOAD);
  }
}
