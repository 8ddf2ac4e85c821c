package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.dev.DevCa;
import ist.spike.receipts.Receipt;
import ist.spike.spa.cli.SpaRecoveryCli;
import ist.spike.spa.cloud.SpikeCloud;
import ist.spike.spa.group.FrostGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPIKE holds the SPA cloud factor: a real {@code spike-dev} stack (own JVMs), a policy that grants
 * only {@code spiffe://spike.ist/spa/user/alice}, and {@code spa-recovery --cloud spike} reaching
 * Nexus over mTLS with alice's SVID through the Java SDK.
 */
class SpaSpikeCloudE2ETest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result spa(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SpaRecoveryCli(
                new FrostGroup(new SecureRandom()),
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Result ok(Map<String, String> env, String stdin, String... args) {
    Result r = spa(env, stdin, args);
    assertThat(r.code()).as("%s\nout: %s\nerr: %s", List.of(args), r.out(), r.err()).isZero();
    return r;
  }

  /** What {@code spike-dev svid ID --out DIR --ca-dir STACK/trust/ca} does, with the stack's CA. */
  private Path mintSvid(Path stack, String id) throws Exception {
    Path out = dir.resolve("svid-" + id.substring(id.lastIndexOf('/') + 1));
    DevCa.load(stack.resolve("trust").resolve("ca"))
        .writeSvid(SpiffeId.parse(id), DevCa.DEFAULT_SVID_TTL, out);
    return out;
  }

  @Test
  void cloudShareInSpike_recoverWithCloudAndCode_truncationDetected() throws Exception {
    Path stackDir = dir.resolve("stack");
    Files.createDirectories(stackDir);
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    DevStackProcess stack = DevStackProcess.start(stackDir, output);
    try {
      Map<String, String> admin = Pilot.envFile(stackDir.resolve("env"));
      // The operator's command from docs/spa-recovery.md, as the stack's superuser.
      Pilot.Result policy =
          Pilot.run(
              admin,
              null,
              "",
              "policy",
              "create",
              "--name",
              "spa-user-alice",
              "--spiffeid-pattern",
              "^spiffe://spike\\.ist/spa/user/alice$",
              "--path-pattern",
              "^spa/user/alice/",
              "--permissions",
              "read,write");
      assertThat(policy.code()).as(policy.err()).isZero();
      Map<String, String> alice = new HashMap<>();
      alice.put("SPIKE_NEXUS_API_URL", admin.get("SPIKE_NEXUS_API_URL"));
      alice.put(
          "SPIKE_SVID_DIR", mintSvid(stackDir, "spiffe://spike.ist/spa/user/alice").toString());
      alice.put("SPIFFE_ENDPOINT_SOCKET", "");
      Path home = dir.resolve("spa-home");
      alice.put("SPA_RECOVERY_HOME", home.toString());

      Result onboard = ok(alice, "", "onboard", "--user", "alice", "--cloud", "spike");
      assertThat(onboard.out()).contains("cloud factor: spike");
      String code = onboard.out().replaceAll("(?s).*RECOVERY CODE[^:]*: ([0-9A-Z-]{34}).*", "$1");
      Path user = home.resolve("alice");
      assertThat(user.resolve("cloud-kms.key")).doesNotExist();
      assertThat(ok(alice, "", "sign", "--user", "alice", "--message", "hi").out())
          .contains("signers: device+cloud")
          .contains("verified: ok");

      // Only alice's SPIFFE ID may read her cloud key.
      Map<String, String> bob = new HashMap<>(alice);
      bob.put("SPIKE_SVID_DIR", mintSvid(stackDir, "spiffe://spike.ist/spa/user/bob").toString());
      try (SpikeClient asBob = SpikeClient.fromEnvironment(bob)) {
        assertThatThrownBy(() -> asBob.secrets().get(SpikeCloud.keyPath("alice")))
            .isInstanceOf(SpikeException.class);
      }
      Result bobTries = spa(bob, "", "sign", "--user", "alice", "--message", "x");
      assertThat(bobTries.code()).isEqualTo(1);
      assertThat(bobTries.err()).contains("SPIKE could not");

      ok(alice, "", "lose-device", "--user", "alice");
      Result recover =
          ok(
              alice,
              code + "\n",
              "recover",
              "--user",
              "alice",
              "--factors",
              "cloud,recovery-code",
              "--code-stdin");
      assertThat(recover.out()).contains("factors proven: cloud+recovery-code");
      assertThat(recover.out()).contains("state: Cooldown");

      List<String> lines = Files.readAllLines(user.resolve("receipts.jsonl"));
      try (SpikeClient asAlice = SpikeClient.fromEnvironment(alice)) {
        Map<String, String> head =
            asAlice.secrets().get(SpikeCloud.headPath("alice")).orElseThrow();
        assertThat(head.get("receipts")).isEqualTo(Integer.toString(lines.size()));
        assertThat(head.get("hash"))
            .isEqualTo(Receipt.parse(lines.get(lines.size() - 1)).contentHash().toHex());
      }
      assertThat(ok(alice, "", "audit", "--user", "alice").out())
          .contains("chain: valid")
          .contains("chain head: matches the copy kept by spike");

      // Delete the last receipt: the chain alone still verifies, the anchored head does not match.
      Files.write(user.resolve("receipts.jsonl"), lines.subList(0, lines.size() - 1));
      Result audit = spa(alice, "", "audit", "--user", "alice");
      assertThat(audit.code()).isEqualTo(1);
      assertThat(audit.out()).contains("chain: valid").contains("chain: TRUNCATED");
      Result status = spa(alice, "", "status", "--user", "alice");
      assertThat(status.code()).isEqualTo(1);
      assertThat(status.err())
          .contains("the receipt chain was cut or replaced")
          .contains("at receipt " + (lines.size() - 1))
          .contains("local chain has " + (lines.size() - 1) + " receipts");
    } finally {
      stack.process().toHandle().destroy();
      if (!stack.process().waitFor(60, TimeUnit.SECONDS)) {
        stack.process().destroyForcibly();
      }
    }
  }
}
