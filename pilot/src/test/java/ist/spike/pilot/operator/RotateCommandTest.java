package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RotateCommandTest {
  final SuperuserCommandFixture f = new SuperuserCommandFixture();
  OperatorApi.RotationStatus status = new OperatorApi.RotationStatus(1, 0, "", 0, 0);

  int run(String... args) {
    return f.run(
        RotateCommand::new,
        new SuperuserCommandFixture.Api() {
          @Override
          public RotationStatus rotate() throws OperatorApiException {
            f.start("rotate");
            return status;
          }

          @Override
          public RotationStatus rotationStatus() {
            f.status();
            return status;
          }
        },
        args);
  }

  @Test
  void rotate_startsAsSuperuserAndTellsTheOperatorToRecoverAgainWhenDone() {
    assertThat(run()).isZero();
    assertThat(f.roles).containsExactly(OperatorApiFactory.Role.SUPERUSER);
    assertThat(f.calls).containsExactly("rotate");
    assertThat(f.out.toString())
        .contains("Root-key rotation started (generation 1 -> 2)")
        .contains("spike operator rotate --status")
        .contains("run `spike operator recover`");
  }

  @Test
  void rotate_whileOneRuns_printsNexusReasonAndExits1() {
    f.failure =
        new OperatorApiException(
            Optional.empty(),
            "a root-key rotation to generation 2 is already running (phase resealing)");
    assertThat(run()).isEqualTo(1);
    assertThat(f.err.toString())
        .contains("Error: a root-key rotation to generation 2 is already running");
  }

  @Test
  void status_showsPhaseCountsAndTheRecoverAdviceOnlyWhenDone() {
    status = new OperatorApi.RotationStatus(1, 2, "resealing", 3, 120);
    assertThat(run("--status")).isZero();
    assertThat(f.calls).containsExactly("status");
    assertThat(f.out.toString())
        .contains("Root-key generation: 1")
        .contains("Rotation to generation 2: resealing")
        .contains("3 Keepers, 120 rows re-sealed")
        .doesNotContain("superseded");
    status = new OperatorApi.RotationStatus(2, 2, "done", 3, 140);
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString()).contains("superseded").contains("spike operator recover");
  }

  @Test
  void status_rotationStoppedByAKeeper_saysWhyAndThatNexusResumesItByItself() {
    status =
        new OperatorApi.RotationStatus(
            1, 2, "delivering", 1, 0, 3, 8, "keeper https://127.0.0.1:9 is unreachable");
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString())
        .contains("Rotation to generation 2: delivering")
        .contains(
            "Stopped by: keeper https://127.0.0.1:9 is unreachable; Nexus resumes it by itself in"
                + " 8 s (failed attempts: 3). `spike operator rotate` resumes it now.");
    f.out.getBuffer().setLength(0);
    status = new OperatorApi.RotationStatus(2, 2, "done", 3, 140);
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString()).doesNotContain("Stopped by");
  }

  @Test
  void status_beforeAnyRotation_saysNoneWasStarted() {
    assertThat(run("--status")).isZero();
    assertThat(f.out.toString()).contains("No rotation was started.");
  }
}
