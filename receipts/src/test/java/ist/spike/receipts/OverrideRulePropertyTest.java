package ist.spike.receipts;

import static ist.spike.receipts.Chains.T0;
import static ist.spike.receipts.Chains.factors;
import static ist.spike.receipts.Chains.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For any tier, any pair of factors that started the recovery and any set of registered approvers,
 * the verifier accepts an emergency rotation exactly when the tier's rule (restated here
 * independently) holds, and otherwise names the rule at that receipt's index.
 */
class OverrideRulePropertyTest {
  private static final JdkSigner GROUP = new JdkSigner();

  @Provide
  Arbitrary<List<String>> startedBy() {
    return Arbitraries.of(
        List.of("device", "cloud"),
        List.of("cloud", "recovery_code"),
        List.of("device", "recovery_code"));
  }

  @Provide
  Arbitrary<Set<String>> approvers() {
    return Arbitraries.of("device", "bob", "g1", "g2", "g3").set().ofMaxSize(5);
  }

  @Property(tries = 150)
  void emergencyRotation_acceptedIffTierRuleHolds(
      @ForAll Tier tier,
      @ForAll("startedBy") List<String> started,
      @ForAll("approvers") Set<String> approvers)
      throws Exception {
    Chains c = new Chains(GROUP);
    c.add(ReceiptKind.ONBOARDING, T0, c.genesis(tier));
    c.add(ReceiptKind.RECOVERY_INITIATION, T0, obj());
    c.add(ReceiptKind.RECOVERY_FACTOR_ASSERTION, T0, factors(started.toArray(String[]::new)));
    c.addApproved(
        ReceiptKind.EMERGENCY_ROTATION,
        T0 + 1,
        obj().put("override_evidence", "stolen").put("ends_at", T0 + 1 + tier.probationSeconds()),
        approvers.toArray(String[]::new));

    long guardians = approvers.stream().filter(a -> a.startsWith("g")).count();
    boolean deviceIndependent = approvers.contains("device") && !started.contains("device");
    boolean expected =
        switch (tier) {
          case CONSUMER -> approvers.contains("bob") || deviceIndependent;
          case THRESHOLD_NETWORK -> guardians >= 2;
          case INSTITUTIONAL -> guardians >= 1;
        };

    ChainReport report = ChainVerifier.verify(c.receipts(), GROUP.publicKey(), Instant.now());
    if (expected) {
      assertThat(report.error()).isEmpty();
      assertThat(report.finalState()).contains(LifecycleState.PROBATION);
    } else {
      assertThat(report.error())
          .hasValueSatisfying(
              e -> {
                assertThat(e.index()).isEqualTo(3);
                assertThat(e.kind())
                    .isEqualTo(
                        tier == Tier.CONSUMER
                            ? ChainErrorKind.INDEPENDENT_FACTOR_REQUIRED
                            : ChainErrorKind.INSUFFICIENT_APPROVALS);
              });
    }
  }
}
