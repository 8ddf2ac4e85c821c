package ist.spike.pilot.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.ErrorCode;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorCommandsTest {
  @TempDir Path home;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<Shard> sent = new ArrayList<>();
  final List<OperatorApiFactory.Role> roles = new ArrayList<>();
  List<Shard> shards;
  OperatorApi.RestoreStatus status = new OperatorApi.RestoreStatus(1, 1, false);
  OperatorApiException failure;

  OperatorApiFactory factory() {
    return (env, role) -> {
      roles.add(role);
      return new OperatorApi() {
        @Override
        public List<Shard> recover() throws OperatorApiException {
          if (failure != null) {
            throw failure;
          }
          return shards;
        }

        @Override
        public FeldmanCommitments commitments() throws OperatorApiException {
          throw new OperatorApiException(
              Optional.of(ErrorCode.NOT_FOUND), "like a SPIKE Nexus: no such route");
        }

        @Override
        public RestoreStatus restore(Shard shard) throws OperatorApiException {
          if (failure != null) {
            throw failure;
          }
          sent.add(copy(shard));
          return status;
        }

        @Override
        public void close() {}
      };
    };
  }

  static Shard copy(Shard s) {
    try {
      return Shard.of(
          s.index(),
          SecretBytes.copyOf(
              s.revealValue(InsecureSecretAccess.get()), InsecureSecretAccess.get()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Map<String, String> env() {
    return Map.of("SPIKE_PILOT_RECOVERY_DIR", home.toString(), "HOME", home.toString());
  }

  @Test
  void recover_writesOneOwnerOnlyFilePerShardInAnOwnerOnlyDirectory() throws Exception {
    shards = Shamir.split(RootKey.generate(new SecureRandom()), ShamirParameters.of(2, 3));
    List<String> expected = new ArrayList<>();
    for (Shard s : shards) {
      expected.add(
          "spike:"
              + s.index()
              + ":"
              + HexFormat.of().formatHex(s.revealValue(InsecureSecretAccess.get())));
    }
    Files.createDirectories(home.resolve("recover"));
    Files.writeString(home.resolve("recover/spike.recovery.9.txt"), "old");
    int status =
        new RecoverCommand(env(), factory(), new PrintWriter(out), new PrintWriter(err)).call();
    assertThat(status).isZero();
    Path dir = home.resolve("recover");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(dir.resolve("spike.recovery.9.txt")).doesNotExist();
    for (int i = 1; i <= 3; i++) {
      Path f = dir.resolve("spike.recovery." + i + ".txt");
      assertThat(Files.readString(f)).isEqualTo(expected.get(i - 1));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .isEqualTo("rw-------");
    }
    assertThat(out.toString()).contains("SPIKE Recovery shards saved to the recovery directory:");
    assertThat(out.toString()).doesNotContain(expected.get(0).substring(8, 20));
    // a Nexus without the commitments route (SPIKE's) still gets its recovery files
    assertThat(err.toString()).contains("Note: no shard commitments saved");
    assertThat(dir.resolve(CommitmentsFile.NAME)).doesNotExist();
    assertThat(roles).containsExactly(OperatorApiFactory.Role.RECOVER);
    assertThat(shards).allMatch(Shard::isClosed);
  }

  @Test
  void recover_nexusUnreachable_printsSpikesError() throws Exception {
    failure = new OperatorApiException(Optional.empty(), "connection refused");
    int status =
        new RecoverCommand(env(), factory(), new PrintWriter(out), new PrintWriter(err)).call();
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("Error: Failed to retrieve recovery shards.");
  }

  RestoreCommand restore(String stdin) {
    return new RestoreCommand(
        env(),
        factory(),
        Optional.empty(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
        new PrintWriter(out),
        new PrintWriter(err));
  }

  @Test
  void restore_lineOnStdin_sendsTheShardAndPrintsProgress() throws Exception {
    String hex = "4eb0fc09039f4aff8d88e84edac4a127ea35f3508bfcac786b335eb29b2a3925";
    assertThat(restore("spike:1:" + hex + "\n").call()).isZero();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).index()).isEqualTo(1);
    assertThat(HexFormat.of().formatHex(sent.get(0).revealValue(InsecureSecretAccess.get())))
        .isEqualTo(hex);
    assertThat(out.toString())
        .contains("Shards collected: 1")
        .contains("Shards remaining: 1")
        .contains("Please run `spike operator restore` again");
    assertThat(roles).containsExactly(OperatorApiFactory.Role.RESTORE);
  }

  @Test
  void restore_lastShard_printsRestored() throws Exception {
    status = new OperatorApi.RestoreStatus(2, 0, true);
    assertThat(restore("spike:2:" + "5d".repeat(32)).call()).isZero();
    assertThat(out.toString()).contains("SPIKE is now restored and ready to use.");
  }

  @Test
  void restore_malformedLine_isRefusedLocallyWithoutCallingNexus() throws Exception {
    assertThat(restore("spike:1:abc").call()).isEqualTo(1);
    assertThat(err.toString()).contains("Error: Invalid recovery shard:").doesNotContain("abc");
    assertThat(roles).isEmpty();
  }

  @Test
  void restore_refusedByNexus_printsTheReason() throws Exception {
    failure =
        new OperatorApiException(
            Optional.of(ErrorCode.BAD_REQUEST), "the shards do not match the stored key-check");
    assertThat(restore("spike:2:" + "5d".repeat(32)).call()).isEqualTo(1);
    assertThat(err.toString())
        .contains("Error: SPIKE Nexus refused the shard.")
        .contains("key-check");
  }

  @Test
  void validEnvDir_forbiddenOrTraversingPaths_areIgnored() {
    assertThat(RecoveryDirectory.validEnvDir("/etc/spike")).isEmpty();
    assertThat(RecoveryDirectory.validEnvDir("/")).isEmpty();
    assertThat(RecoveryDirectory.validEnvDir(home + "/../x")).isEmpty();
    assertThat(RecoveryDirectory.validEnvDir(home.toString())).contains(home);
  }
}
