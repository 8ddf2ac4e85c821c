package ist.spike.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapFlowTest {
  final List<URI> keeperUrls =
      List.of(URI.create("https://k1"), URI.create("https://k2"), URI.create("https://k3"));

  /** Keepers and a Nexus that rebuilds its key from the first two keepers, as a real one would. */
  final class FakeWorld implements BootstrapPorts {
    final Map<URI, Shard> keepers = new LinkedHashMap<>();
    StatusAnswer status = StatusAnswer.ours(new NexusStatus(false, false));
    int failuresBeforeKeeperAccepts;
    int verifyNotReady;
    boolean nexusUsesOtherKey;

    final List<String> claims = new ArrayList<>();
    StatusAnswer afterClaim;

    int lostAfterClaims = Integer.MAX_VALUE;

    @Override
    public StatusAnswer nexusStatus(String claim) {
      claims.add(claim);
      if (claims.size() > lostAfterClaims) {
        return StatusAnswer.ours(new NexusStatus(false, false, false));
      }
      StatusAnswer now = status;
      if (afterClaim != null) {
        status = afterClaim;
      }
      return now;
    }

    final List<FeldmanCommitments> commitmentsSent = new ArrayList<>();

    @Override
    public void contribute(URI keeper, Shard shard, FeldmanCommitments commitments)
        throws RetryableException {
      commitmentsSent.add(commitments);
      contribute(keeper, shard);
    }

    @Override
    public void contribute(URI keeper, Shard shard) throws RetryableException {
      if (failuresBeforeKeeperAccepts > 0) {
        failuresBeforeKeeperAccepts--;
        throw new RetryableException("connection refused");
      }
      try {
        keepers.put(
            keeper,
            Shard.of(
                shard.index(),
                SecretBytes.copyOf(
                    shard.revealValue(InsecureSecretAccess.get()), InsecureSecretAccess.get())));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public String verify(byte[] nonce, byte[] ciphertext)
        throws RetryableException, FatalException {
      if (verifyNotReady-- > 0) {
        throw new RetryableException("state_not_ready");
      }
      try {
        RootKey key =
            nexusUsesOtherKey
                ? RootKey.generate(new SecureRandom())
                : Shamir.recover(new ArrayList<>(keepers.values()).subList(0, 2), 2);
        try (SpikeCompatCipher c = SpikeCompatCipher.create(key)) {
          return BootstrapFlow.sha256Hex(c.open(nonce, ciphertext));
        }
      } catch (Exception e) {
        throw new FatalException("api_internal_error");
      }
    }
  }

  final FakeWorld world = new FakeWorld();
  final List<Duration> sleeps = new ArrayList<>();

  BootstrapFlow flow(boolean force) throws Exception {
    return flow(force, Duration.ofMinutes(1));
  }

  /** With a budget the recorded (not slept) waits exceed at once: the wait fails fast. */
  BootstrapFlow flow(boolean force, Duration verificationTimeout) throws Exception {
    BootstrapSettings settings =
        new BootstrapSettings(
            keeperUrls,
            ShamirParameters.of(2, 3),
            force,
            5,
            Duration.ofMillis(10),
            Duration.ofMillis(40),
            verificationTimeout);
    return new BootstrapFlow(settings, world, new SecureRandom(), sleeps::add);
  }

  @Test
  void run_freshNexus_sendsCommitmentsThatEveryDeliveredShardMatches() throws Exception {
    flow(false).run();
    assertThat(world.commitmentsSent).hasSize(3).allMatch(c -> c.threshold() == 2);
    FeldmanCommitments sent = world.commitmentsSent.get(0);
    assertThat(world.commitmentsSent).allMatch(sent::equals);
    for (Shard held : world.keepers.values()) {
      assertThat(sent.matches(held)).isTrue();
    }
  }

  @Test
  void run_freshNexus_givesKeeperIShardIAndVerifies() throws Exception {
    flow(false).run();
    assertThat(world.keepers).containsOnlyKeys(keeperUrls);
    for (int i = 0; i < 3; i++) {
      assertThat(world.keepers.get(keeperUrls.get(i)).index()).isEqualTo(i + 1);
    }
  }

  @Test
  void run_keeperFailsTwice_retriesWithBackoff() throws Exception {
    world.failuresBeforeKeeperAccepts = 2;
    world.verifyNotReady = 1;
    flow(false).run();
    assertThat(world.keepers).hasSize(3);
    assertThat(sleeps).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void run_keeperNeverAnswers_failsNamingTheKeeper() throws Exception {
    world.failuresBeforeKeeperAccepts = 100;
    assertThatThrownBy(() -> flow(false).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("failed to reach keeper 1 at https://k1 after 5 attempts");
  }

  @Test
  void run_nexusHoldsData_refusesWithoutTouchingKeepers() throws Exception {
    world.status = BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(true, true));
    assertThatThrownBy(() -> flow(false).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("refusing to generate a new root key")
        .satisfies(e -> assertThat(((BootstrapException) e).exitStatus()).isEqualTo(3));
    assertThat(world.keepers).isEmpty();
  }

  @Test
  void run_sendsAFreshWellFormedClaimPerRun() throws Exception {
    flow(false).run();
    flow(false).run();
    assertThat(world.claims).allMatch(c -> c.matches("[0-9a-f]{32}"));
    assertThat(new java.util.LinkedHashSet<>(world.claims)).as("one token per run").hasSize(2);
  }

  @Test
  void run_anotherRunHoldsTheClaim_waitsUntilReadyAndExitsCleanlyWithoutTouchingKeepers()
      throws Exception {
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, false));
    world.afterClaim =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(true, true, false));
    flow(false).run();
    assertThat(world.keepers).isEmpty();
  }

  @Test
  void run_anotherRunHoldsTheClaimAndNeverFinishes_failsAfterTheBudget() throws Exception {
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, false));
    assertThatThrownBy(() -> flow(false, Duration.ofMillis(200)).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("waiting for the other Bootstrap run");
    assertThat(world.keepers).isEmpty();
  }

  @Test
  void run_nexusHoldsDataButForced_distributesANewKey() throws Exception {
    world.status = BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(true, false));
    flow(true).run();
    assertThat(world.keepers).hasSize(3);
  }

  @Test
  void run_nexusHasAnotherKey_failsVerification() throws Exception {
    world.nexusUsesOtherKey = true;
    assertThatThrownBy(() -> flow(false).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("verifying Nexus failed");
  }

  @Test
  void fromEnvironment_keeperCountMismatch_isRefusedWithSpikesMessage() {
    assertThatThrownBy(
            () ->
                BootstrapSettings.fromEnvironment(
                    Map.of(
                        "SPIKE_NEXUS_KEEPER_PEERS", "https://a:1,https://b:2",
                        "SPIKE_NEXUS_SHAMIR_SHARES", "3")))
        .hasMessageContaining(
            "keeper count mismatch: SPIKE_NEXUS_SHAMIR_SHARES=3 but 2 keepers configured");
  }

  @Test
  void run_holdsTheClaim_renewsItBeforeEveryKeeperAttempt() throws Exception {
    world.failuresBeforeKeeperAccepts = 2;
    flow(false).run();
    // one claim, one renewal per delivery attempt (3 shards + 2 failed attempts), one per
    // verification attempt
    assertThat(world.claims).hasSize(7);
    assertThat(new java.util.HashSet<>(world.claims)).hasSize(1);
    assertThat(world.keepers).hasSize(3);
  }

  @Test
  void run_otherRunsClaimLapsesBeforeTheClusterIsKeyed_thisRunTakesOverAndKeys() throws Exception {
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, false));
    world.afterClaim =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, true));
    flow(false).run();
    assertThat(world.keepers).containsOnlyKeys(keeperUrls);
    assertThat(new java.util.HashSet<>(world.claims))
        .as("one token, asked until granted")
        .hasSize(1);
  }

  @Test
  void run_waitingRun_keyedByTheOtherRunMeanwhile_neverTakesOverAndTouchesNoKeeper()
      throws Exception {
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, false));
    // keyed by the other run but not ready yet: never claimed again (the cluster is initialized)
    world.afterClaim =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(true, false, false));
    assertThatThrownBy(() -> flow(false, Duration.ofMillis(200)).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("waiting for the other Bootstrap run did not succeed");
    assertThat(world.keepers).isEmpty();
  }

  @Test
  void run_losesTheClaimWhileAKeeperIsDown_stopsWithoutHandingOutAnotherShard() throws Exception {
    world.failuresBeforeKeeperAccepts = 1;
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, true));
    world.afterClaim =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, false));
    assertThatThrownBy(() -> flow(false).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("lost its claim")
        .satisfies(e -> assertThat(((BootstrapException) e).exitStatus()).isEqualTo(1));
    assertThat(world.keepers).isEmpty();
  }

  @Test
  void run_holdsTheClaim_keepsRenewingItWhileNexusIsNotReadyYet() throws Exception {
    world.verifyNotReady = 3;
    flow(false).run();
    // claim + 3 deliveries + 4 verification attempts
    assertThat(world.claims).hasSize(8);
    assertThat(new java.util.HashSet<>(world.claims)).hasSize(1);
  }

  @Test
  void run_losesTheClaimBeforeNexusRebuiltItsKey_failsVerificationAsLost() throws Exception {
    world.status =
        BootstrapPorts.StatusAnswer.ours(new BootstrapPorts.NexusStatus(false, false, true));
    world.verifyNotReady = 1;
    // claimed and renewed through the deliveries, then taken over before Nexus was keyed
    world.lostAfterClaims = 4;
    assertThatThrownBy(() -> flow(false).run())
        .isInstanceOf(BootstrapException.class)
        .hasMessageContaining("lost its claim");
  }
}
