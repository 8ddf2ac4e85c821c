package ist.spike.spa.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.receipts.ChainErrorKind;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.JdkSigner;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptChain;
import ist.spike.receipts.ReceiptKind;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.receipts.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryLifecycleTest {
  private static final Set<RecoveryFactor> CLOUD_AND_CODE =
      Set.of(RecoveryFactor.CLOUD, RecoveryFactor.RECOVERY_CODE);

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final JdkSigner signer = new JdkSigner();
  private final TestParties parties = new TestParties();

  private RecoveryLifecycle onboarded() throws Exception {
    return onboarded(Tier.CONSUMER);
  }

  private RecoveryLifecycle onboarded(Tier tier) throws Exception {
    return RecoveryLifecycle.onboard(
        signer.publicKey(), "did:example:alice", clock, parties.enrolment(tier), signer);
  }

  private RecoveryLifecycle inCooldown() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.beginDailyUse(signer);
    m.initiateRecovery(signer);
    m.presentFactors(CLOUD_AND_CODE, signer);
    return m;
  }

  @Test
  void happyPath_fullLifecycle_eachStepOneReceiptAndChainVerifies() throws Exception {
    RecoveryLifecycle m = onboarded();
    assertThat(m.state()).isEqualTo(LifecycleState.ONBOARDED);
    assertThat(m.beginDailyUse(signer).kind()).isEqualTo(ReceiptKind.DAILY_USE_START);
    assertThat(m.initiateRecovery(signer).kind()).isEqualTo(ReceiptKind.RECOVERY_INITIATION);
    assertThat(m.presentFactors(CLOUD_AND_CODE, signer))
        .extracting(Receipt::kind)
        .containsExactly(
            ReceiptKind.RECOVERY_FACTOR_ASSERTION, ReceiptKind.RECOVERY_COOLDOWN_START);
    assertThat(m.state()).isEqualTo(LifecycleState.COOLDOWN);
    assertThat(m.cooldownEndsAt()).contains(Instant.parse("2026-01-03T00:00:00Z"));

    clock.advance(Duration.ofHours(48).minusSeconds(1));
    assertThatThrownBy(() -> m.advance(signer)).isInstanceOf(CooldownNotElapsedException.class);
    assertThat(m.state()).isEqualTo(LifecycleState.COOLDOWN);

    clock.advance(Duration.ofSeconds(1));
    assertThat(m.advance(signer).kind()).isEqualTo(ReceiptKind.RECOVERY_PROBATION_START);
    assertThat(m.state()).isEqualTo(LifecycleState.PROBATION);
    assertThatThrownBy(() -> m.advance(signer)).isInstanceOf(ProbationNotElapsedException.class);

    clock.advance(Duration.ofHours(24));
    assertThat(m.advance(signer).kind()).isEqualTo(ReceiptKind.RECOVERY_PROBATION_CLEAR);
    assertThat(m.state()).isEqualTo(LifecycleState.LIVE);
    m.rebind(RecoveryFactor.DEVICE, signer);
    assertThat(m.state()).isEqualTo(LifecycleState.DAILY_USE);

    var report = ChainVerifier.verify(m.chain().receipts(), signer.publicKey(), clock.instant());
    assertThat(report.error()).isEmpty();
    assertThat(report.finalState()).contains(LifecycleState.DAILY_USE);
    assertThat(m.chain().receipts()).hasSize(8);
  }

  @Test
  void completeProbation_inCooldown_illegalTransitionAndNothingRecorded() throws Exception {
    RecoveryLifecycle m = inCooldown();
    int before = m.chain().receipts().size();
    clock.advance(Duration.ofDays(30));
    assertThatThrownBy(() -> m.completeProbation(signer))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("Cooldown");
    assertThat(m.chain().receipts()).hasSize(before);
  }

  @Test
  void initiateRecovery_twice_illegalTransition() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.initiateRecovery(signer);
    assertThatThrownBy(() -> m.initiateRecovery(signer))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void presentFactors_oneFactor_refusedAndNothingRecorded() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.initiateRecovery(signer);
    int before = m.chain().receipts().size();
    assertThatThrownBy(() -> m.presentFactors(Set.of(RecoveryFactor.CLOUD), signer))
        .isInstanceOfSatisfying(
            RecoveryRuleException.class,
            e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.INSUFFICIENT_FACTORS));
    assertThat(m.chain().receipts()).hasSize(before);
  }

  @Test
  void cancel_duringCooldownByEachAllowedParty_recordsWhoAndReturnsToDailyUse() throws Exception {
    for (String name : List.of("device", "bob")) {
      RecoveryLifecycle m = inCooldown();
      Receipt r = m.cancel(parties.approver(name), signer);
      assertThat(r.kind()).isEqualTo(ReceiptKind.RECOVERY_COOLDOWN_CANCEL);
      assertThat(r.payload().get("cancelled_by").textValue())
          .isEqualTo(name.equals("device") ? "old_device" : "recovery_contact");
      assertThat(r.payload().get("approvals").get(0).get("party").textValue()).isEqualTo(name);
      assertThat(m.state()).isEqualTo(LifecycleState.DAILY_USE);
    }
  }

  @Test
  void cancel_byUnregisteredOrDisallowedParty_refusedAndNothingRecorded() throws Exception {
    for (String name : List.of("mallory", "g1")) {
      RecoveryLifecycle m = inCooldown();
      int before = m.chain().receipts().size();
      assertThatThrownBy(() -> m.cancel(parties.approver(name), signer))
          .as(name)
          .isInstanceOfSatisfying(
              RecoveryRuleException.class,
              e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.UNAUTHORIZED_PARTY));
      assertThat(m.chain().receipts()).hasSize(before);
      assertThat(m.state()).isEqualTo(LifecycleState.COOLDOWN);
    }
  }

  @Test
  void cancel_guardianInThresholdNetworkTier_accepted() throws Exception {
    RecoveryLifecycle m = onboarded(Tier.THRESHOLD_NETWORK);
    m.initiateRecovery(signer);
    m.presentFactors(CLOUD_AND_CODE, signer);
    assertThat(m.cooldownEndsAt()).contains(Instant.parse("2026-01-05T00:00:00Z"));
    m.cancel(parties.approver("g2"), signer);
    assertThat(m.state()).isEqualTo(LifecycleState.DAILY_USE);
  }

  @Test
  void emergencyRotate_thresholdNetwork_needsTwoGuardians() throws Exception {
    RecoveryLifecycle m = onboarded(Tier.THRESHOLD_NETWORK);
    m.initiateRecovery(signer);
    m.presentFactors(CLOUD_AND_CODE, signer);
    assertThatThrownBy(() -> m.emergencyRotate("stolen", List.of(parties.approver("g1")), signer))
        .isInstanceOfSatisfying(
            RecoveryRuleException.class,
            e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.INSUFFICIENT_APPROVALS));
    m.emergencyRotate("stolen", List.of(parties.approver("g1"), parties.approver("g2")), signer);
    assertThat(m.state()).isEqualTo(LifecycleState.PROBATION);
  }

  @Test
  void emergencyRotate_deviceThatStartedTheRecovery_independentFactorRequired() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.initiateRecovery(signer);
    m.presentFactors(Set.of(RecoveryFactor.DEVICE, RecoveryFactor.CLOUD), signer);
    assertThatThrownBy(
            () -> m.emergencyRotate("stolen", List.of(parties.approver("device")), signer))
        .isInstanceOfSatisfying(
            RecoveryRuleException.class,
            e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.INDEPENDENT_FACTOR_REQUIRED));
    m.emergencyRotate("stolen", List.of(parties.approver("bob")), signer);
    assertThat(m.state()).isEqualTo(LifecycleState.PROBATION);
  }

  @Test
  void completeProbation_institutionalWithoutGuardian_refusedThenWithGuardianLive()
      throws Exception {
    RecoveryLifecycle m = onboarded(Tier.INSTITUTIONAL);
    m.initiateRecovery(signer);
    m.presentFactors(CLOUD_AND_CODE, signer);
    clock.advance(Duration.ofHours(72));
    m.advance(signer);
    clock.advance(Duration.ofHours(24));
    assertThatThrownBy(() -> m.advance(signer))
        .isInstanceOfSatisfying(
            RecoveryRuleException.class,
            e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.INSUFFICIENT_APPROVALS));
    m.advance(List.of(parties.approver("g1")), signer);
    assertThat(m.state()).isEqualTo(LifecycleState.LIVE);
  }

  @Test
  void cancel_duringProbation_recordedAsProbationCancel() throws Exception {
    RecoveryLifecycle m = inCooldown();
    clock.advance(Duration.ofHours(48));
    m.advance(signer);
    Receipt r = m.cancel(parties.approver("bob"), signer);
    assertThat(r.kind()).isEqualTo(ReceiptKind.RECOVERY_PROBATION_CANCEL);
    assertThat(m.state()).isEqualTo(LifecycleState.DAILY_USE);
  }

  @Test
  void cancel_inDailyUse_illegalTransition() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.beginDailyUse(signer);
    assertThatThrownBy(() -> m.cancel(parties.approver("device"), signer))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void emergencyRotate_withEvidence_skipsCooldownAndRecordsEvidence() throws Exception {
    RecoveryLifecycle m = inCooldown();
    Receipt r =
        m.emergencyRotate("phone stolen at PIN-point", List.of(parties.approver("device")), signer);
    assertThat(m.state()).isEqualTo(LifecycleState.PROBATION);
    assertThat(r.payload().get("override_evidence").textValue())
        .isEqualTo("phone stolen at PIN-point");
  }

  @Test
  void emergencyRotate_blankEvidence_refused() throws Exception {
    RecoveryLifecycle m = inCooldown();
    assertThatThrownBy(() -> m.emergencyRotate("  ", List.of(parties.approver("bob")), signer))
        .isInstanceOfSatisfying(
            RecoveryRuleException.class,
            e -> assertThat(e.rule()).isEqualTo(ChainErrorKind.MISSING_OVERRIDE_EVIDENCE));
    assertThat(m.state()).isEqualTo(LifecycleState.COOLDOWN);
  }

  @Test
  void emergencyRotate_beforeFactors_illegalTransition() throws Exception {
    RecoveryLifecycle m = onboarded();
    m.initiateRecovery(signer);
    assertThatThrownBy(
            () -> m.emergencyRotate("evidence", List.of(parties.approver("bob")), signer))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void resume_midCooldownWithClockPastEnd_advancesToProbation() throws Exception {
    RecoveryLifecycle m = inCooldown();
    ReceiptChain reloaded = ReceiptChain.load(signer.publicKey(), m.chain().receipts());
    clock.advance(Duration.ofHours(49));
    RecoveryLifecycle resumed = RecoveryLifecycle.resume(reloaded, clock);
    assertThat(resumed.state()).isEqualTo(LifecycleState.COOLDOWN);
    resumed.advance(signer);
    assertThat(resumed.state()).isEqualTo(LifecycleState.PROBATION);
  }
}
