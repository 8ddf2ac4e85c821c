package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.spa.group.FrostGroup;
import ist.spike.spa.vault.Argon2Params;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tier's rules through the CLI, with registered parties holding real key files. Argon2 runs
 * with cheap test parameters (the walkthrough covers the production ones).
 */
class CliTiersTest {
  private static final Argon2Params FAST = new Argon2Params(64, 1, 1);

  @TempDir Path home;

  record Result(int code, String out, String err) {}

  private Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    int code =
        new SpaRecoveryCli(
                new FrostGroup(new SecureRandom()),
                Map.of(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                FAST)
            .run(all.toArray(String[]::new));
    Result r =
        new Result(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertThat(r.err()).doesNotContain("\tat ");
    return r;
  }

  private Result ok(String stdin, String... args) {
    Result r = run(stdin, args);
    assertThat(r.code()).as("%s\nout: %s\nerr: %s", List.of(args), r.out(), r.err()).isZero();
    return r;
  }

  private Result refused(String stdin, String... args) {
    Result r = run(stdin, args);
    assertThat(r.code()).as("%s\nout: %s", List.of(args), r.out()).isEqualTo(1);
    return r;
  }

  /** Makes a party key file; returns NAME=PUBLIC_HEX for onboard. */
  private String register(String name) {
    Result r = ok("", "party-key", "--out", keyFile(name));
    return name + "=" + r.out().replaceAll("(?s).*public key: ([0-9a-f]{64}).*", "$1");
  }

  private String keyFile(String name) {
    return home.resolve("keys").resolve(name + ".key").toString();
  }

  private String by(String name) {
    return name + "=" + keyFile(name);
  }

  private String onboard(String user, String... extra) {
    List<String> args = new ArrayList<>(List.of("onboard", "--user", user, "--test-user"));
    args.addAll(List.of(extra));
    String out = ok("", args.toArray(String[]::new)).out();
    return out.replaceAll("(?s).*RECOVERY CODE[^:]*: ([0-9A-Z-]{34}).*", "$1") + "\n";
  }

  private String recoverAfterLoss(String user, String code) {
    ok("", "lose-device", "--user", user);
    return ok(code, "recover", "--user", user, "--factors", "cloud,recovery-code", "--code-stdin")
        .out();
  }

  private int receipts(String user) throws Exception {
    return Files.readAllLines(home.resolve(user).resolve("receipts.jsonl")).size();
  }

  @Test
  void consumer_contactCancels_guardianAndUnregisteredKeyRefused() throws Exception {
    String code = onboard("ann", "--contact", register("bob"), "--guardian", register("gus"));
    register("mallory");
    recoverAfterLoss("ann", code);
    int before = receipts("ann");

    // bob's name with mallory's key: the signature does not verify under bob's registered key.
    Result forged =
        refused(
            code, "cancel", "--user", "ann", "--by", "bob=" + keyFile("mallory"), "--code-stdin");
    assertThat(forged.err()).contains("does not verify under its registered key");
    Result stranger =
        refused(code, "cancel", "--user", "ann", "--by", by("mallory"), "--code-stdin");
    assertThat(stranger.err()).contains("'mallory' was not registered");
    Result guardian = refused(code, "cancel", "--user", "ann", "--by", by("gus"), "--code-stdin");
    assertThat(guardian.err()).contains("consumer tier a guardian may not cancel");
    assertThat(receipts("ann")).as("refusals record nothing").isEqualTo(before);

    Result cancel = ok(code, "cancel", "--user", "ann", "--by", by("bob"), "--code-stdin");
    assertThat(cancel.out()).contains("cancelled by bob").contains("state: Daily Use");
    assertThat(ok("", "audit", "--user", "ann").out()).contains("chain: valid");
  }

  @Test
  void thresholdNetwork_longerCooldownAndTwoOfThreeGuardiansOverride() throws Exception {
    String code =
        onboard(
            "tia",
            "--tier",
            "threshold-network",
            "--guardian",
            register("g1"),
            "--guardian",
            register("g2"),
            "--guardian",
            register("g3"),
            "--guardian-threshold",
            "2");
    assertThat(ok("", "status", "--user", "tia").out()).contains("tier: threshold_network");
    String out = recoverAfterLoss("tia", code);
    assertThat(out).contains("state: Cooldown");
    Result early = refused("", "advance", "--user", "tia", "--hours", "48");
    assertThat(early.err()).contains("the cooldown has 48h 0m 0s left");

    Result one =
        refused(
            code,
            "rotate-emergency",
            "--user",
            "tia",
            "--override-evidence",
            "phone stolen",
            "--by",
            by("g1"),
            "--code-stdin");
    assertThat(one.err()).contains("needs 2 guardian signature(s); found 1");
    Result two =
        ok(
            code,
            "rotate-emergency",
            "--user",
            "tia",
            "--override-evidence",
            "phone stolen",
            "--by",
            by("g1"),
            "--by",
            by("g3"),
            "--code-stdin");
    assertThat(two.out()).contains("approved by g1, g3").contains("state: Probation");
    Result probationEarly =
        refused(code, "advance", "--user", "tia", "--hours", "47", "--code-stdin");
    assertThat(probationEarly.err()).contains("probation has 1h 0m 0s left");
    assertThat(ok(code, "advance", "--user", "tia", "--hours", "48", "--code-stdin").out())
        .contains("state: Live");
  }

  @Test
  void thresholdNetwork_badThreshold_refusedAtOnboarding() {
    register("g1");
    Result r =
        refused(
            "",
            "onboard",
            "--user",
            "tom",
            "--test-user",
            "--tier",
            "threshold-network",
            "--guardian",
            register("g2"),
            "--guardian-threshold",
            "2");
    assertThat(r.err()).contains("2 <= k <= guardians registered (1)");
    assertThat(home.resolve("tom").resolve("group.json")).doesNotExist();
  }

  @Test
  void institutional_guardianSignatureCompletesRecovery() throws Exception {
    String code =
        onboard(
            "ida",
            "--tier",
            "institutional",
            "--guardian",
            register("bank"),
            "--contact",
            register("sis"));
    recoverAfterLoss("ida", code);
    Result contact = refused(code, "cancel", "--user", "ida", "--by", by("sis"), "--code-stdin");
    assertThat(contact.err()).contains("institutional tier a recovery_contact may not cancel");
    assertThat(ok(code, "advance", "--user", "ida", "--hours", "72", "--code-stdin").out())
        .contains("state: Probation");
    Path clock = home.resolve("ida").resolve("test-clock.json");
    byte[] clockBefore = Files.readAllBytes(clock);
    Result alone = refused(code, "advance", "--user", "ida", "--hours", "24", "--code-stdin");
    assertThat(alone.err()).contains("a guardian's signature completes a recovery");
    assertThat(Files.readAllBytes(clock)).isEqualTo(clockBefore);
    Result withBank =
        ok(code, "advance", "--user", "ida", "--hours", "24", "--by", by("bank"), "--code-stdin");
    assertThat(withBank.out()).contains("state: Live");
    assertThat(ok(code, "repair", "--user", "ida", "--share", "device", "--code-stdin").out())
        .contains("state: Daily Use");
  }

  @Test
  void institutional_withoutGuardian_refusedAtOnboarding() {
    Result r = refused("", "onboard", "--user", "ivo", "--test-user", "--tier", "institutional");
    assertThat(r.err()).contains("institutional tier needs a registered guardian");
  }

  @Test
  void onboard_genesisRecordsTierPartiesTestMarkAndCloudFactor() throws Exception {
    onboard("gia", "--contact", register("bob"));
    String genesis = Files.readAllLines(home.resolve("gia").resolve("receipts.jsonl")).get(0);
    assertThat(genesis)
        .contains("\"tier\":\"consumer\"")
        .contains("\"test_user\":true")
        .contains("\"cloud_factor\":\"file\"")
        .contains("\"bob\":{\"public_key\":")
        .contains("\"device\":{\"public_key\":");
    Result bad = refused("", "onboard", "--user", "gib", "--test-user", "--cloud", "s3");
    assertThat(bad.err()).contains("--cloud must be file or spike");
  }

  @Test
  void sign_wrongCodeWithDevicePresent_refused() {
    onboard("sam");
    Result r =
        refused(
            "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\n",
            "sign",
            "--user",
            "sam",
            "--message",
            "hi",
            "--code-stdin");
    assertThat(r.err()).contains("recovery code does not unlock");
  }
}
