package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RekeyCommandTest {
  final SuperuserCommandFixture f = new SuperuserCommandFixture();
  OperatorApi.RekeyStatus status = new OperatorApi.RekeyStatus(2, 5, 0, 0, "", 0);

  int run(String... args) {
    return f.run(
        RekeyCommand::new,
        new SuperuserCommandFixture.Api() {
          @Override
          public RekeyStatus rekey(int threshold, int shares, boolean confirm)
              throws OperatorApiException {
            f.start("rekey " + threshold + " " + shares + " " + confirm);
            return status;
          }

          @Override
          public RekeyStatus rekeyStatus() {
            f.status();
            return status;
          }
        },
        args);
  }

  @Test
  void rekey_sendsTheValuesAsSuperuserAndTellsTheOperatorToRecoverAgain() {
    assertThat(run("--threshold", "3", "--shares", "5")).isZero();
    assertThat(f.roles).containsExactly(OperatorApiFactory.Role.SUPERUSER);
    assertThat(f.calls).containsExactly("rekey 3 5 false");
    assertThat(f.out.toString())
        .contains("Rekey started: the root key is split 3-of-5 (was threshold 2)")
        .contains("spike operator rekey --status")
        .contains("run `spike operator recover`")
        .contains("stop the Keepers that are no longer in SPIKE_NEXUS_KEEPER_PEERS");
  }

  @Test
  void rekey_confirmFlagIsSent() {
    assertThat(run("--threshold", "4", "--shares", "4", "--confirm-recovery-files")).isZero();
    assertThat(f.calls).containsExactly("rekey 4 4 true");
  }

  @Test
  void rekey_withoutValues_usageErrorNamingTheVariables_nothingSent() {
    assertThat(run("--threshold", "3")).isEqualTo(2);
    assertThat(f.err.toString())
        .contains("give --threshold and --shares")
        .contains("SPIKE_NEXUS_SHAMIR_THRESHOLD");
    assertThat(f.roles).isEmpty();
  }

  @Test
  void rekey_refusedByNexus_printsItsMessageAndExits1() {
    f.failure =
        new OperatorApiException(
            Optional.empty(),
            "the rekey asks for a 3-of-4 split but Nexus is configured for 3-of-5; restart Nexus"
                + " with SPIKE_NEXUS_KEEPER_PEERS ...");
    assertThat(run("--threshold", "3", "--shares", "4")).isEqualTo(1);
    assertThat(f.err.toString()).contains("Error: the rekey asks for a 3-of-4 split");
    assertThat(f.out.toString()).doesNotContain("Rekey started");
  }

  @Test
  void status_showsTheSplitAndTheRekey() {
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString())
        .contains("Split in force: 2 of the shards are needed; 5 Keepers are configured")
        .contains("No rekey was recorded");
    f.out.getBuffer().setLength(0);
    status = new OperatorApi.RekeyStatus(3, 5, 2, 3, "done", 5);
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString())
        .contains("Rekey from threshold 2 to 3: done (new shards delivered to 5 Keepers")
        .contains("run `spike operator recover`");
  }

  @Test
  void status_rekeyStoppedByAKeeper_saysWhyAndThatNexusResumesItByItself() {
    status =
        new OperatorApi.RekeyStatus(
            2, 5, 2, 3, "delivering", 3, 2, 4, "keeper https://127.0.0.1:9 is unreachable");
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString())
        .contains("Rekey from threshold 2 to 3: delivering")
        .contains(
            "Stopped by: keeper https://127.0.0.1:9 is unreachable; Nexus resumes it by itself in"
                + " 4 s (failed attempts: 2)")
        .contains("`spike operator rekey --threshold 3 --shares 5` resumes it now")
        .doesNotContain("run `spike operator recover`");
  }

  @Test
  void help_describesConfigurationFirst() {
    assertThat(run("--help")).isZero();
    assertThat(f.out.toString())
        .contains("First restart Nexus with the new SPIKE_NEXUS_KEEPER_PEERS")
        .contains("--threshold=T")
        .contains("--shares=N")
        .contains("--confirm-recovery-files");
  }
}
