package ist.spike.spa.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.JdkSigner;
import ist.spike.receipts.LifecycleRules;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.receipts.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RecoveryLifecyclePropertyTest {
  enum Op {
    DAILY_USE,
    LOSE,
    INITIATE,
    FACTORS_TWO,
    FACTORS_ONE,
    ADVANCE,
    COMPLETE,
    CANCEL,
    ROTATE,
    ROTATE_BLANK,
    REBIND,
    REPAIR,
    REFRESH
  }

  record Step(Op op, long waitSeconds, String by) {}

  private static final JdkSigner SIGNER = new JdkSigner();
  private static final TestParties PARTIES = new TestParties();

  @Provide
  Arbitrary<List<Step>> runs() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.of(Op.class),
                Arbitraries.oneOf(
                    Arbitraries.just(0L),
                    Arbitraries.longs().between(0, 100 * 3600),
                    Arbitraries.of(48 * 3600L, 24 * 3600L, 48 * 3600L - 1)),
                Arbitraries.of("device", "bob", "g1", "mallory"))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 60)
  void anyRun_neverIllegalState_andReceiptsVerify(@ForAll("runs") List<Step> run) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    RecoveryLifecycle m =
        RecoveryLifecycle.onboard(
            SIGNER.publicKey(), "did:example:p", clock, PARTIES.enrolment(Tier.CONSUMER), SIGNER);
    for (Step s : run) {
      clock.advance(Duration.ofSeconds(s.waitSeconds()));
      LifecycleState before = m.state();
      List<Receipt> receiptsBefore = m.chain().receipts();
      try {
        apply(m, s);
        // Every accepted step is a legal transition of the shared table.
        List<Receipt> after = m.chain().receipts();
        LifecycleState from = before;
        for (Receipt r : after.subList(receiptsBefore.size(), after.size())) {
          from = LifecycleRules.next(from, r.kind()).orElseThrow();
        }
        assertThat(from).isEqualTo(m.state());
        assertThat(after.size()).isGreaterThan(receiptsBefore.size());
      } catch (LifecycleException refused) {
        assertThat(m.state()).isEqualTo(before);
        assertThat(m.chain().receipts()).isEqualTo(receiptsBefore);
      }
      if (m.state() == LifecycleState.COOLDOWN) {
        assertThat(m.cooldownEndsAt()).isPresent();
      }
    }
    ChainReport report =
        ChainVerifier.verify(m.chain().receipts(), SIGNER.publicKey(), clock.instant());
    assertThat(report.error()).isEmpty();
    assertThat(report.finalState()).contains(m.state());
  }

  private static void apply(RecoveryLifecycle m, Step s) throws Exception {
    switch (s.op()) {
      case DAILY_USE -> m.beginDailyUse(SIGNER);
      case LOSE -> m.reportFactorLoss(RecoveryFactor.DEVICE, SIGNER);
      case INITIATE -> m.initiateRecovery(SIGNER);
      case FACTORS_TWO ->
          m.presentFactors(EnumSet.of(RecoveryFactor.CLOUD, RecoveryFactor.RECOVERY_CODE), SIGNER);
      case FACTORS_ONE -> m.presentFactors(EnumSet.of(RecoveryFactor.CLOUD), SIGNER);
      case ADVANCE -> m.advance(SIGNER);
      case COMPLETE -> m.completeProbation(SIGNER);
      case CANCEL -> m.cancel(PARTIES.approver(s.by()), SIGNER);
      case ROTATE ->
          m.emergencyRotate("stolen phone report #42", List.of(PARTIES.approver(s.by())), SIGNER);
      case ROTATE_BLANK -> m.emergencyRotate("", List.of(PARTIES.approver(s.by())), SIGNER);
      case REBIND -> m.rebind(RecoveryFactor.DEVICE, SIGNER);
      case REPAIR ->
          m.recordRepair(
              RecoveryFactor.DEVICE,
              EnumSet.of(RecoveryFactor.CLOUD, RecoveryFactor.RECOVERY_CODE),
              SIGNER);
      case REFRESH -> m.recordRefresh(SIGNER);
    }
  }
}
