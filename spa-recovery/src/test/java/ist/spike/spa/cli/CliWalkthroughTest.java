package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.spa.group.FrostGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's walk-through, run in-process with real FROST, real files and production Argon2id. */
class CliWalkthroughTest {
  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String stdin, String... args) {
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

  private final Map<String, String> env = Map.of("SPA_TEST_CLOCK", "1");

  private Result ok(String stdin, String... args) {
    Result r = run(env, stdin, withHome(args));
    assertThat(r.code()).as("%s\nout: %s\nerr: %s", List.of(args), r.out(), r.err()).isZero();
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    return r;
  }

  private Result fails(String stdin, String... args) {
    Result r = run(env, stdin, withHome(args));
    assertThat(r.code()).as("%s\nout: %s", List.of(args), r.out()).isNotZero();
    assertThat(r.err()).doesNotContain("\tat ");
    return r;
  }

  private String[] withHome(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  @Test
  void walkthrough_fullRecoveryLifecycle_auditValidAndEditDetected() throws Exception {
    Result contact = ok("", "party-key", "--out", home.resolve("bob.key").toString());
    String bobKey = contact.out().replaceAll("(?s).*public key: ([0-9a-f]{64}).*", "$1");
    Result onboard =
        ok("", "onboard", "--user", "alice", "--test-user", "--contact", "bob=" + bobKey);
    Matcher m =
        Pattern.compile("RECOVERY CODE[^:]*: ([0-9A-Z]{4}(-[0-9A-Z]{4}){6})")
            .matcher(onboard.out());
    assertThat(m.find()).as(onboard.out()).isTrue();
    String code = m.group(1);
    assertThat(onboard.out()).contains("state: Onboarded");
    String groupKey = onboard.out().replaceAll("(?s).*group public key: ([0-9a-f]{64}).*", "$1");
    assertThat(groupKey).hasSize(64);

    Result sign = ok("", "sign", "--user", "alice", "--message", "hello");
    assertThat(sign.out()).contains("verified: ok").contains("signers: device+cloud");
    String sig = sign.out().replaceAll("(?s).*signature: ([0-9a-f]{128}).*", "$1");
    ok("", "verify", "--user", "alice", "--message", "hello", "--signature", sig);
    fails("", "verify", "--user", "alice", "--message", "hellO", "--signature", sig);

    ok("", "lose-device", "--user", "alice");
    Result wrongCode =
        fails(
            "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n",
            "recover",
            "--user",
            "alice",
            "--factors",
            "cloud,recovery-code",
            "--code-stdin");
    assertThat(wrongCode.err()).contains("recovery code does not unlock");

    Result recover =
        ok(
            code.toLowerCase() + "\n",
            "recover",
            "--user",
            "alice",
            "--factors",
            "cloud,recovery-code",
            "--code-stdin");
    assertThat(recover.out()).contains("state: Cooldown");

    Path clockFile = home.resolve("alice").resolve("test-clock.json");
    byte[] clockBefore = Files.readAllBytes(clockFile);
    // No code given: the refusal names the time left instead of asking for a factor.
    Result early = fails("", "advance", "--user", "alice", "--hours", "47");
    assertThat(early.err()).contains("the cooldown has 1h 0m 0s left");
    assertThat(Files.readAllBytes(clockFile))
        .as("a refused advance moves no clock")
        .isEqualTo(clockBefore);

    // The old device's key went with the device; the registered contact cancels.
    Result noDevice =
        fails(code + "\n", "cancel", "--user", "alice", "--by", "device", "--code-stdin");
    assertThat(noDevice.err()).contains("old device's key is not on this device");
    Result cancel =
        ok(
            code + "\n",
            "cancel",
            "--user",
            "alice",
            "--by",
            "bob=" + home.resolve("bob.key"),
            "--code-stdin");
    assertThat(cancel.out()).contains("cancelled by bob").contains("state: Daily Use");

    ok(
        code + "\n",
        "recover",
        "--user",
        "alice",
        "--factors",
        "cloud,recovery-code",
        "--code-stdin");
    fails(code + "\n", "sign", "--user", "alice", "--message", "during cooldown", "--code-stdin");
    assertThat(ok(code + "\n", "advance", "--user", "alice", "--hours", "48", "--code-stdin").out())
        .contains("state: Probation");
    assertThat(ok(code + "\n", "advance", "--user", "alice", "--hours", "24", "--code-stdin").out())
        .contains("state: Live");

    Result repair =
        ok(code + "\n", "repair", "--user", "alice", "--share", "device", "--code-stdin");
    assertThat(repair.out()).contains("state: Daily Use");
    assertThat(ok("", "sign", "--user", "alice", "--message", "after repair").out())
        .contains("verified: ok")
        .contains("signers: device+cloud");

    Result refresh = ok(code + "\n", "refresh", "--user", "alice", "--code-stdin");
    Matcher newCode =
        Pattern.compile("NEW RECOVERY CODE[^:]*: ([0-9A-Z-]{34})").matcher(refresh.out());
    assertThat(newCode.find()).isTrue();
    assertThat(ok("", "sign", "--user", "alice", "--message", "after refresh").out())
        .contains("verified: ok");
    fails(
        code + "\n",
        "recover",
        "--user",
        "alice",
        "--factors",
        "cloud,recovery-code",
        "--code-stdin");

    Result audit = ok("", "audit", "--user", "alice");
    assertThat(audit.out())
        .containsPattern(
            "chain: valid \\(\\d+ receipts, group key " + groupKey + ", final state \\w")
        .contains("recovery_cooldown_cancel")
        .contains("\"cancelled_by\":\"recovery_contact\"")
        .contains("recovery_probation_clear")
        .contains("wallet_unit_rebind")
        .contains("share_refresh");

    // Edit one receipt in the file: audit fails and names its index.
    Path receipts = home.resolve("alice").resolve("receipts.jsonl");
    List<String> lines = Files.readAllLines(receipts);
    int target = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("recovery_cooldown_cancel")) {
        target = i;
      }
    }
    lines.set(target, lines.get(target).replace("recovery_contact", "guardian"));
    Files.write(receipts, lines);
    Result tampered = fails("", "audit", "--user", "alice");
    assertThat(tampered.out())
        .contains("chain: INVALID at receipt " + target + ": INVALID_SIGNATURE");
    Result refused = fails("", "sign", "--user", "alice", "--message", "x");
    assertThat(refused.err()).contains("invalid at receipt " + target);
  }

  @Test
  void testClock_onARealUser_refusedAndRecordsNothing() throws Exception {
    Result real = run(Map.of(), "", withHome("onboard", "--user", "bob"));
    assertThat(real.code()).isZero();
    Path receipts = home.resolve("bob").resolve("receipts.jsonl");
    byte[] before = Files.readAllBytes(receipts);
    Result withEnv = run(env, "", withHome("status", "--user", "bob"));
    assertThat(withEnv.code()).isEqualTo(1);
    assertThat(withEnv.err()).contains("SPA_TEST_CLOCK=1 is refused").contains("real user");
    Result advance = run(Map.of(), "", withHome("advance", "--user", "bob", "--hours", "49"));
    assertThat(advance.code()).isEqualTo(1);
    assertThat(advance.err()).contains("real user");
    Result onboardWithEnv = run(env, "", withHome("onboard", "--user", "bob2"));
    assertThat(onboardWithEnv.code()).isEqualTo(1);
    assertThat(onboardWithEnv.err()).contains("--test-user");
    assertThat(Files.readAllBytes(receipts)).isEqualTo(before);
    assertThat(home.resolve("bob").resolve("test-clock.json")).doesNotExist();
  }

  @Test
  void onboard_badUserId_clearError() {
    Result r = fails("", "onboard", "--user", "../etc", "--test-user");
    assertThat(r.err()).startsWith("error: a user id is");
  }

  @Test
  void rotateEmergency_initiatingFactorRefused_independentContactSkipsCooldown() {
    String daveKey =
        ok("", "party-key", "--out", home.resolve("dave.key").toString())
            .out()
            .replaceAll("(?s).*public key: ([0-9a-f]{64}).*", "$1");
    String dave = "dave=" + home.resolve("dave.key");
    String out =
        ok("", "onboard", "--user", "carol", "--test-user", "--contact", "dave=" + daveKey).out();
    String code = out.replaceAll("(?s).*RECOVERY CODE[^:]*: ([0-9A-Z-]{34}).*", "$1");
    ok(
        code + "\n",
        "recover",
        "--user",
        "carol",
        "--factors",
        "device,recovery-code",
        "--code-stdin");
    fails("", "rotate-emergency", "--user", "carol", "--override-evidence", " ", "--by", dave);
    // The recovery code and the device started this recovery: neither may override it.
    Result byCode =
        fails(
            code + "\n",
            "rotate-emergency",
            "--user",
            "carol",
            "--override-evidence",
            "phone stolen",
            "--by",
            "recovery-code",
            "--code-stdin");
    assertThat(byCode.err()).contains("is a share, not a party");
    Result byDevice =
        fails(
            "",
            "rotate-emergency",
            "--user",
            "carol",
            "--override-evidence",
            "x",
            "--by",
            "device");
    assertThat(byDevice.err()).contains("the old device started this recovery");
    assertThat(ok("", "status", "--user", "carol").out()).contains("state: Cooldown");
    Result r =
        ok(
            "",
            "rotate-emergency",
            "--user",
            "carol",
            "--override-evidence",
            "phone stolen, police report 123",
            "--by",
            dave);
    assertThat(r.out()).contains("state: Probation");
    assertThat(ok("", "audit", "--user", "carol").out())
        .contains("emergency_rotation")
        .contains("police report 123");
  }

  @Test
  void audit_byteFlippedAnywhereInReceiptsFile_namesThatReceipt() throws Exception {
    String out = ok("", "onboard", "--user", "erin", "--test-user").out();
    String code = out.replaceAll("(?s).*RECOVERY CODE[^:]*: ([0-9A-Z-]{34}).*", "$1");
    ok("", "sign", "--user", "erin", "--message", "m");
    ok(
        code + "\n",
        "recover",
        "--user",
        "erin",
        "--factors",
        "cloud,recovery-code",
        "--code-stdin");
    ok("", "cancel", "--user", "erin", "--by", "device");
    Path file = home.resolve("erin").resolve("receipts.jsonl");
    byte[] original = Files.readAllBytes(file);
    int line = 0;
    for (int i = 0; i < original.length; i++) {
      if (i % 17 == 0 || original[i] == '\n') {
        byte[] copy = original.clone();
        copy[i] ^= (byte) (i % 2 == 0 ? 0x01 : 0x80);
        Files.write(file, copy);
        Result r = fails("", "audit", "--user", "erin");
        assertThat(r.out()).as("byte %d", i).contains("chain: INVALID at receipt " + line + ":");
      }
      if (original[i] == '\n') {
        line++;
      }
    }
    Files.write(file, original);
    String key =
        Files.readString(home.resolve("erin").resolve("group.json"))
            .replaceAll("(?s).*\"group_public_key\" : \"([0-9a-f]{64})\".*", "$1");
    Result standalone =
        run(Map.of(), "", "verify-chain", "--receipts", file.toString(), "--group-key", key);
    assertThat(standalone.code()).isZero();
    assertThat(standalone.out()).contains("chain: valid (6 receipts, final state Daily Use)");
  }

  @Test
  void onboard_homeFromEnvironment_usesSpaRecoveryHome() {
    Result r = run(Map.of("SPA_RECOVERY_HOME", home.toString()), "", "onboard", "--user", "frank");
    assertThat(r.code()).isZero();
    assertThat(Files.exists(home.resolve("frank").resolve("group.json"))).isTrue();
    Result again =
        run(Map.of("SPA_RECOVERY_HOME", home.toString()), "", "onboard", "--user", "frank");
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("already onboarded");
  }

  @Test
  void status_unknownUser_refusedAndCreatesNothing() {
    Result r = fails("", "status", "--user", "nobody");
    assertThat(r.err()).contains("not onboarded");
    assertThat(Files.exists(home.resolve("nobody"))).isFalse();
  }
}
