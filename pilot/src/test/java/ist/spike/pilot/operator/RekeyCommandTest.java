package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RekeyCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<String> calls = new ArrayList<>();
  final List<OperatorApiFactory.Role> roles = new ArrayList<>();
  OperatorApi.RekeyStatus status = new OperatorApi.RekeyStatus(2, 5, 0, 0, "", 0);
  OperatorApiException failure;

  OperatorApiFactory factory() {
    return (env, role) -> {
      roles.add(role);
      return new OperatorApi() {
        @Override
        public List<Shard> recover() {
          throw new AssertionError("not used");
        }

        @Override
        public RestoreStatus restore(Shard shard) {
          throw new AssertionError("not used");
        }

        @Override
        public ist.spike.crypto.shamir.FeldmanCommitments commitments() {
          throw new AssertionError("not used");
        }

        @Override
        public RekeyStatus rekey(int threshold, int shares, boolean confirm)
            throws OperatorApiException {
          calls.add("rekey " + threshold + " " + shares + " " + confirm);
          if (failure != null) {
            throw failure;
          }
          return status;
        }

        @Override
        public RekeyStatus rekeyStatus() {
          calls.add("status");
          return status;
        }

        @Override
        public void close() {}
      };
    };
  }

  int run(String... args) {
    RekeyCommand c =
        new RekeyCommand(Map.of(), factory(), new PrintWriter(out), new PrintWriter(err));
    return new picocli.CommandLine(c).setOut(new PrintWriter(out)).execute(args);
  }

  @Test
  void rekey_sendsTheValuesAsSuperuserAndTellsTheOperatorToRecoverAgain() {
    assertThat(run("--threshold", "3", "--shares", "5")).isZero();
    assertThat(roles).containsExactly(OperatorApiFactory.Role.SUPERUSER);
    assertThat(calls).containsExactly("rekey 3 5 false");
    assertThat(out.toString())
        .contains("Rekey started: the root key is split 3-of-5 (was threshold 2)")
        .contains("spike operator rekey --status")
        .contains("run `spike operator recover`")
        .contains("stop the Keepers that are no longer in SPIKE_NEXUS_KEEPER_PEERS");
  }

  @Test
  void rekey_confirmFlagIsSent() {
    assertThat(run("--threshold", "4", "--shares", "4", "--confirm-recovery-files")).isZero();
    assertThat(calls).containsExactly("rekey 4 4 true");
  }

  @Test
  void rekey_withoutValues_usageErrorNamingTheVariables_nothingSent() {
    assertThat(run("--threshold", "3")).isEqualTo(2);
    assertThat(err.toString())
        .contains("give --threshold and --shares")
        .contains("SPIKE_NEXUS_SHAMIR_THRESHOLD");
    assertThat(roles).isEmpty();
  }

  @Test
  void rekey_refusedByNexus_printsItsMessageAndExits1() {
    failure =
        new OperatorApiException(
            Optional.empty(),
            "the rekey asks for a 3-of-4 split but Nexus is configured for 3-of-5; restart Nexus"
                + " with SPIKE_NEXUS_KEEPER_PEERS ...");
    assertThat(run("--threshold", "3", "--shares", "4")).isEqualTo(1);
    assertThat(err.toString()).contains("Error: the rekey asks for a 3-of-4 split");
    assertThat(out.toString()).doesNotContain("Rekey started");
  }

  @Test
  void status_showsTheSplitAndTheRekey() {
    assertThat(run("--status")).isZero();
    assertThat(out.toString())
        .contains("Split in force: 2 of the shards are needed; 5 Keepers are configured")
        .contains("No rekey was recorded");
    out.getBuffer().setLength(0);
    status = new OperatorApi.RekeyStatus(3, 5, 2, 3, "done", 5);
    assertThat(run("--status")).isZero();
    assertThat(out.toString())
        .contains("Rekey from threshold 2 to 3: done (new shards delivered to 5 Keepers")
        .contains("run `spike operator recover`");
  }

  @Test
  void help_describesConfigurationFirst() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("First restart Nexus with the new SPIKE_NEXUS_KEEPER_PEERS")
        .contains("--threshold=T")
        .contains("--shares=N")
        .contains("--confirm-recovery-files");
  }
}
