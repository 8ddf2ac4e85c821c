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

class RotateCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<String> calls = new ArrayList<>();
  final List<OperatorApiFactory.Role> roles = new ArrayList<>();
  OperatorApi.RotationStatus status = new OperatorApi.RotationStatus(1, 0, "", 0, 0);
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
        public RotationStatus rotate() throws OperatorApiException {
          calls.add("rotate");
          if (failure != null) {
            throw failure;
          }
          return status;
        }

        @Override
        public RotationStatus rotationStatus() {
          calls.add("status");
          return status;
        }

        @Override
        public void close() {}
      };
    };
  }

  int run(String... args) {
    RotateCommand c =
        new RotateCommand(Map.of(), factory(), new PrintWriter(out), new PrintWriter(err));
    return new picocli.CommandLine(c).execute(args);
  }

  @Test
  void rotate_startsAsSuperuserAndTellsTheOperatorToRecoverAgainWhenDone() {
    assertThat(run()).isZero();
    assertThat(roles).containsExactly(OperatorApiFactory.Role.SUPERUSER);
    assertThat(calls).containsExactly("rotate");
    assertThat(out.toString())
        .contains("Root-key rotation started (generation 1 -> 2)")
        .contains("spike operator rotate --status")
        .contains("run `spike operator recover`");
  }

  @Test
  void rotate_whileOneRuns_printsNexusReasonAndExits1() {
    failure =
        new OperatorApiException(
            Optional.empty(),
            "a root-key rotation to generation 2 is already running (phase resealing)");
    assertThat(run()).isEqualTo(1);
    assertThat(err.toString())
        .contains("Error: a root-key rotation to generation 2 is already running");
  }

  @Test
  void status_showsPhaseCountsAndTheRecoverAdviceOnlyWhenDone() {
    status = new OperatorApi.RotationStatus(1, 2, "resealing", 3, 120);
    assertThat(run("--status")).isZero();
    assertThat(calls).containsExactly("status");
    assertThat(out.toString())
        .contains("Root-key generation: 1")
        .contains("Rotation to generation 2: resealing")
        .contains("3 Keepers, 120 rows re-sealed")
        .doesNotContain("superseded");
    status = new OperatorApi.RotationStatus(2, 2, "done", 3, 140);
    assertThat(run("--status")).isZero();
    assertThat(out.toString()).contains("superseded").contains("spike operator recover");
  }

  @Test
  void status_beforeAnyRotation_saysNoneWasStarted() {
    assertThat(run("--status")).isZero();
    assertThat(out.toString()).contains("No rotation was started.");
  }
}
