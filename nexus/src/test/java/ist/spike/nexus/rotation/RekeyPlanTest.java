package ist.spike.nexus.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.shamir.ShamirParameters;
import org.junit.jupiter.api.Test;

class RekeyPlanTest {
  private static final ShamirParameters THREE_OF_FIVE = new ShamirParameters(3, 5);

  @Test
  void check_matchesConfiguration_plansFromStoredThresholdOverConfiguredKeepers() throws Exception {
    RekeyPlan plan = RekeyPlan.check(3, 5, THREE_OF_FIVE, 2);
    assertThat(plan.from()).isEqualTo(new ShamirParameters(2, 5));
    assertThat(plan.to()).isEqualTo(THREE_OF_FIVE);
    assertThat(plan.keepsQuorum()).isTrue();
  }

  @Test
  void check_differsFromConfiguration_namesBothSplitsAndTheVariables() {
    assertThatThrownBy(() -> RekeyPlan.check(3, 4, THREE_OF_FIVE, 2))
        .isInstanceOf(RekeyRefusedException.class)
        .hasMessageContaining("3-of-4")
        .hasMessageContaining("configured for 3-of-5")
        .hasMessageContaining("SPIKE_NEXUS_KEEPER_PEERS")
        .hasMessageContaining("SPIKE_NEXUS_SHAMIR_THRESHOLD");
  }

  @Test
  void check_sameThresholdAsStored_refusedBecauseTheShardsWouldNotChange() {
    assertThatThrownBy(() -> RekeyPlan.check(3, 5, THREE_OF_FIVE, 3))
        .isInstanceOf(RekeyRefusedException.class)
        .hasMessageContaining("already has threshold 3")
        .hasMessageContaining("nothing to re-split");
  }

  @Test
  void check_invalidValues_reportTheRule() {
    assertThatThrownBy(() -> RekeyPlan.check(6, 5, THREE_OF_FIVE, 2))
        .isInstanceOf(RekeyRefusedException.class)
        .hasMessageContaining("at least the threshold");
    assertThatThrownBy(() -> RekeyPlan.check(0, 5, THREE_OF_FIVE, 2))
        .isInstanceOf(RekeyRefusedException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void check_storedSplitNeedsMoreKeepersThanConfigured_refused() {
    ShamirParameters twoOfTwo = new ShamirParameters(2, 2);
    assertThatThrownBy(() -> RekeyPlan.check(2, 2, twoOfTwo, 3))
        .isInstanceOf(RekeyRefusedException.class)
        .hasMessageContaining("needs 3 shards but only 2 Keepers");
  }

  @Test
  void keepsQuorum_threeOfThreeToFourOfFour_false() throws Exception {
    assertThat(RekeyPlan.check(4, 4, new ShamirParameters(4, 4), 3).keepsQuorum()).isFalse();
  }
}
