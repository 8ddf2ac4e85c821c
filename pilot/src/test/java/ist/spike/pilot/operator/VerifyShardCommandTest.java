package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyShardCommandTest {
  @TempDir Path home;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int verify(Path commitments, byte[] recoveryFile) {
    VerifyShardCommand command =
        new VerifyShardCommand(
            Optional.empty(),
            new ByteArrayInputStream(recoveryFile),
            new PrintWriter(out),
            new PrintWriter(err));
    return new CommandLine(command).execute("--commitments", commitments.toString());
  }

  /**
   * Runs {@code spike operator recover} against a fake Nexus that serves shards and commitments.
   */
  private Path recover(RootKey key) {
    List<Shard> shards = Shamir.split(key, ShamirParameters.DEFAULT);
    FeldmanCommitments commitments = FeldmanCommitments.of(key, 2);
    OperatorApiFactory apis =
        (env, role) ->
            new OperatorApi() {
              @Override
              public List<Shard> recover() {
                return shards;
              }

              @Override
              public FeldmanCommitments commitments() {
                return commitments;
              }

              @Override
              public RestoreStatus restore(Shard shard) {
                throw new AssertionError("not called");
              }

              @Override
              public void close() {}
            };
    Map<String, String> env = Map.of("SPIKE_PILOT_RECOVERY_DIR", home.toString());
    int status = new RecoverCommand(env, apis, new PrintWriter(out), new PrintWriter(err)).call();
    assertThat(status).isZero();
    return home.resolve("recover");
  }

  @Test
  void verifyShard_everyRecoveryFileOfTheSplit_matches() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      Path dir = recover(key);
      Path commitments = dir.resolve(CommitmentsFile.NAME);
      assertThat(Files.readString(commitments)).doesNotContain("spike:");
      for (int i = 1; i <= 3; i++) {
        byte[] file = Files.readAllBytes(dir.resolve("spike.recovery." + i + ".txt"));
        assertThat(verify(commitments, file)).as("shard %d", i).isZero();
        assertThat(out.toString()).contains("Shard " + i + " matches the commitments");
      }
      assertThat(out.toString()).contains("spike operator verify-shard --commitments");
    }
  }

  @Test
  void verifyShard_shardOfAnotherKey_refusedWithExit1() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom());
        RootKey other = RootKey.generate(new SecureRandom())) {
      Path commitments = recover(key).resolve(CommitmentsFile.NAME);
      List<Shard> foreign = Shamir.split(other, ShamirParameters.DEFAULT);
      byte[] line = RecoveryLine.format(foreign.get(0), InsecureSecretAccess.get());
      assertThat(verify(commitments, line)).isEqualTo(1);
      assertThat(err.toString())
          .contains("Error: shard 1 does NOT match the commitments")
          .doesNotContain(new String(line, java.nio.charset.StandardCharsets.US_ASCII));
      foreign.forEach(Shard::close);
    }
  }

  @Test
  void verifyShard_missingOrBrokenCommitmentsFile_saysWhatToDo() throws Exception {
    byte[] anyLine = ("spike:1:" + "11".repeat(32)).getBytes();
    assertThat(verify(home.resolve("absent.txt"), anyLine)).isEqualTo(1);
    assertThat(err.toString()).contains("Error: no commitments file at");
    Path broken = Files.writeString(home.resolve("broken.txt"), "02zz\n");
    assertThat(verify(broken, anyLine)).isEqualTo(1);
    assertThat(err.toString())
        .contains("the commitments file is not valid (commitment 0 must be 66 hex digits)");
  }

  @Test
  void verifyShard_malformedRecoveryLine_isRefused() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      Path commitments = recover(key).resolve(CommitmentsFile.NAME);
      assertThat(verify(commitments, "not a shard".getBytes())).isEqualTo(1);
      assertThat(err.toString()).contains("Error: Invalid recovery shard:");
    }
  }
}
