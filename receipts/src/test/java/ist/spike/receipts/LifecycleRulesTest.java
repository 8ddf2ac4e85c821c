package ist.spike.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
  @Test
  void next_cooldownToLive_illegal() {
    assertThat(LifecycleRules.next(LifecycleState.COOLDOWN, ReceiptKind.RECOVERY_PROBATION_CLEAR))
        .isEmpty();
  }

  @Test
  void next_recoveryInitiatedToProbationWithoutOverride_illegal() {
    assertThat(
            LifecycleRules.next(
                LifecycleState.RECOVERY_INITIATED, ReceiptKind.RECOVERY_PROBATION_START))
        .isEmpty();
  }

  @Test
  void next_onboardedToLive_noKindLeadsThere() {
    for (ReceiptKind kind : ReceiptKind.values()) {
      assertThat(LifecycleRules.next(LifecycleState.ONBOARDED, kind))
          .isNotEqualTo(java.util.Optional.of(LifecycleState.LIVE));
    }
  }

  @Test
  void next_onlyProbationClearReachesLive() {
    for (LifecycleState from : LifecycleState.values()) {
      for (ReceiptKind kind : ReceiptKind.values()) {
        if (LifecycleRules.next(from, kind).orElse(null) == LifecycleState.LIVE
            && from != LifecycleState.LIVE) {
          assertThat(from).isEqualTo(LifecycleState.PROBATION);
          assertThat(kind).isEqualTo(ReceiptKind.RECOVERY_PROBATION_CLEAR);
        }
      }
    }
  }

  @Test
  void genesis_onlyOnboarding() {
    for (ReceiptKind kind : ReceiptKind.values()) {
      assertThat(LifecycleRules.genesis(kind).isPresent())
          .isEqualTo(kind == ReceiptKind.ONBOARDING);
    }
  }
}
