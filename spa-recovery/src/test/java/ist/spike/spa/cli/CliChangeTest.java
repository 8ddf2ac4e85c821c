package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing tier or parties through the CLI: recorded, held for the current tier's cooldown,
 * cancellable by the current tier's cancellers, effective only when applied; and the new device's
 * party key after {@code repair}.
 */
class CliChangeTest {
  @TempDir Path home;
  private CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(home);
  }

  private String status(String user) {
    return cli.ok("", "status", "--user", user).out();
  }

  @Test
  void change_raiseTier_effectiveOnlyAfterTheCurrentCooldown() throws Exception {
    String code =
        cli.onboard(
            "ann",
            "--contact",
            cli.register("bob"),
            "--guardian",
            cli.register("g1"),
            "--guardian",
            cli.register("g2"));
    String out = cli.ok("", "change", "--user", "ann", "--tier", "threshold-network").out();
    assertThat(out)
        .contains("state: Change Pending")
        .contains("pending change: tier threshold_network");
    assertThat(status("ann")).contains("tier: consumer");
    assertThat(cli.ok("", "sign", "--user", "ann", "--message", "hi").out())
        .as("daily signing goes on while a change is pending")
        .contains("verified: ok")
        .contains("state: Change Pending");
    assertThat(cli.refused("", "apply-change", "--user", "ann").err())
        .contains("the cooldown has 48h 0m 0s left");
    assertThat(cli.refused("", "advance", "--user", "ann", "--hours", "47").err())
        .contains("the cooldown has 1h 0m 0s left");
    assertThat(cli.refused(code, "recover", "--user", "ann", "--code-stdin").err())
        .contains("not allowed in state Change Pending");
    assertThat(cli.ok("", "advance", "--user", "ann", "--hours", "48").out())
        .contains("transition: enrolment_change_apply")
        .contains("state: Daily Use");
    assertThat(status("ann")).contains("tier: threshold_network");

    cli.ok(code, "recover", "--user", "ann", "--factors", "cloud,recovery-code", "--code-stdin");
    assertThat(cli.refused("", "advance", "--user", "ann", "--hours", "48").err())
        .as("the new tier's 96 h cooldown governs the next recovery")
        .contains("the cooldown has 48h 0m 0s left");
    assertThat(cli.ok("", "audit", "--user", "ann").out()).contains("chain: valid");
  }

  @Test
  void change_lowerTier_waitsTheCurrentTiersLongerCooldown() {
    cli.onboard(
        "tia",
        "--tier",
        "threshold-network",
        "--guardian",
        cli.register("g1"),
        "--guardian",
        cli.register("g2"),
        "--guardian-threshold",
        "2");
    cli.ok("", "change", "--user", "tia", "--tier", "consumer");
    assertThat(cli.refused("", "advance", "--user", "tia", "--hours", "48").err())
        .contains("the cooldown has 48h 0m 0s left");
    assertThat(status("tia")).contains("tier: threshold_network");
    cli.ok("", "advance", "--user", "tia", "--hours", "96");
    assertThat(status("tia")).contains("tier: consumer");
  }

  @Test
  void change_cancelledByAContact_refusedForAGuardianInConsumer() throws Exception {
    cli.onboard("cal", "--contact", cli.register("bob"), "--guardian", cli.register("g1"));
    cli.ok("", "change", "--user", "cal", "--tier", "institutional");
    int before = cli.receipts("cal");
    assertThat(cli.refused("", "cancel", "--user", "cal", "--by", cli.by("g1")).err())
        .contains("consumer tier a guardian may not cancel");
    assertThat(cli.receipts("cal")).isEqualTo(before);
    assertThat(cli.ok("", "cancel", "--user", "cal", "--by", cli.by("bob")).out())
        .contains("change cancelled by bob")
        .contains("state: Daily Use");
    assertThat(status("cal")).contains("tier: consumer");
    assertThat(cli.refused("", "apply-change", "--user", "cal").err())
        .contains("no change is pending");
    assertThat(cli.ok("", "audit", "--user", "cal").out()).contains("chain: valid");
  }

  @Test
  void change_fromInstitutional_applyNeedsAGuardian() {
    cli.onboard("ida", "--tier", "institutional", "--guardian", cli.register("bank"));
    cli.ok("", "change", "--user", "ida", "--tier", "consumer");
    assertThat(cli.refused("", "advance", "--user", "ida", "--hours", "72").err())
        .contains("a guardian's signature completes a change");
    assertThat(
            cli.ok("", "advance", "--user", "ida", "--hours", "72", "--by", cli.by("bank")).out())
        .contains("transition: enrolment_change_apply");
    assertThat(status("ida")).contains("tier: consumer");
  }

  @Test
  void change_parties_addedContactCancelsAfterApply_removedOneNoLonger() {
    String code = cli.onboard("pat", "--contact", cli.register("bob"));
    String out =
        cli.ok(
                "",
                "change",
                "--user",
                "pat",
                "--add-contact",
                cli.register("carol"),
                "--remove",
                "bob")
            .out();
    assertThat(out).contains("parties device, carol");
    cli.ok("", "advance", "--user", "pat", "--hours", "48");
    cli.ok(code, "recover", "--user", "pat", "--factors", "cloud,recovery-code", "--code-stdin");
    assertThat(cli.refused("", "cancel", "--user", "pat", "--by", cli.by("bob")).err())
        .contains("'bob' was not registered");
    assertThat(cli.ok("", "cancel", "--user", "pat", "--by", cli.by("carol")).out())
        .contains("recovery cancelled by carol");
  }

  @Test
  void change_realUser_heldByRealTimeAndAdvanceRefused() {
    cli.ok("", "onboard", "--user", "rea");
    cli.ok("", "change", "--user", "rea", "--add-contact", cli.register("carol"));
    assertThat(cli.refused("", "apply-change", "--user", "rea").err())
        .containsPattern("the cooldown has 4[78]h \\d+m \\d+s left");
    assertThat(cli.refused("", "advance", "--user", "rea", "--hours", "48").err())
        .contains("is a real user");
    assertThat(status("rea")).contains("state: Change Pending");
  }

  @Test
  void change_badRequests_refusedWithWhatToFix() {
    cli.onboard("bad", "--contact", cli.register("bob"));
    assertThat(cli.refused("", "change", "--user", "bad").err()).contains("nothing to change");
    assertThat(cli.refused("", "change", "--user", "bad", "--remove", "device").err())
        .contains("replaced by repair");
    assertThat(cli.refused("", "change", "--user", "bad", "--remove", "zed").err())
        .contains("no such registered party");
    assertThat(cli.refused("", "change", "--user", "bad", "--tier", "institutional").err())
        .contains("institutional tier needs a registered guardian");
    assertThat(cli.refused("", "change", "--user", "bad", "--tier", "gold").err())
        .contains("--tier must be");
    assertThat(status("bad")).contains("state: Onboarded");
  }

  @Test
  void repair_afterCompletedRecovery_newDeviceKeyRegisteredAtOnce() {
    String code = cli.onboard("dev", "--contact", cli.register("bob"));
    cli.ok("", "lose-device", "--user", "dev");
    assertThat(home.resolve("dev").resolve("device-signing.key")).doesNotExist();
    cli.ok(code, "recover", "--user", "dev", "--factors", "cloud,recovery-code", "--code-stdin");
    cli.ok(code, "advance", "--user", "dev", "--hours", "48", "--code-stdin");
    cli.ok(code, "advance", "--user", "dev", "--hours", "24", "--code-stdin");
    assertThat(cli.ok(code, "repair", "--user", "dev", "--share", "device", "--code-stdin").out())
        .contains("state: Daily Use");
    assertThat(home.resolve("dev").resolve("device-signing.key")).exists();
    cli.ok(code, "recover", "--user", "dev", "--factors", "cloud,recovery-code", "--code-stdin");
    assertThat(cli.ok("", "cancel", "--user", "dev", "--by", "device").out())
        .contains("recovery cancelled by device");
    assertThat(cli.ok("", "audit", "--user", "dev").out()).contains("chain: valid");
  }

  @Test
  void repair_outsideARecovery_newDeviceKeyWaitsOutTheCooldown() {
    String code = cli.onboard("dan", "--contact", cli.register("bob"));
    Path dir = home.resolve("dan");
    cli.ok("", "lose-device", "--user", "dan");
    assertThat(cli.ok(code, "repair", "--user", "dan", "--share", "device", "--code-stdin").out())
        .contains("state: Change Pending");
    assertThat(dir.resolve("device-signing.key.pending")).exists();
    assertThat(dir.resolve("device-signing.key")).doesNotExist();
    assertThat(cli.refused("", "cancel", "--user", "dan", "--by", "device").err())
        .contains("old device's key is not on this device");
    cli.ok("", "advance", "--user", "dan", "--hours", "48");
    assertThat(dir.resolve("device-signing.key")).exists();
    assertThat(dir.resolve("device-signing.key.pending")).doesNotExist();
    cli.ok(code, "recover", "--user", "dan", "--factors", "cloud,recovery-code", "--code-stdin");
    assertThat(cli.ok("", "cancel", "--user", "dan", "--by", "device").out())
        .contains("recovery cancelled by device");
  }

  @Test
  void repair_whileAChangeIsPending_refusedAndThePendingKeyKept() throws Exception {
    String code = cli.onboard("dot", "--contact", cli.register("bob"));
    Path pending = home.resolve("dot").resolve("device-signing.key.pending");
    cli.ok("", "lose-device", "--user", "dot");
    cli.ok(code, "repair", "--user", "dot", "--share", "device", "--code-stdin");
    byte[] key = java.nio.file.Files.readAllBytes(pending);
    cli.ok("", "lose-device", "--user", "dot");
    int before = cli.receipts("dot");
    assertThat(
            cli.refused(code, "repair", "--user", "dot", "--share", "device", "--code-stdin").err())
        .contains("apply or cancel the pending change first");
    assertThat(java.nio.file.Files.readAllBytes(pending)).isEqualTo(key);
    assertThat(cli.receipts("dot")).isEqualTo(before);
  }

  @Test
  void repair_outsideARecovery_contactVetoesTheNewDeviceKey() {
    String code = cli.onboard("don", "--contact", cli.register("bob"));
    Path dir = home.resolve("don");
    cli.ok("", "lose-device", "--user", "don");
    cli.ok(code, "repair", "--user", "don", "--share", "device", "--code-stdin");
    assertThat(cli.ok("", "cancel", "--user", "don", "--by", cli.by("bob")).out())
        .contains("change cancelled by bob");
    assertThat(dir.resolve("device-signing.key.pending")).doesNotExist();
    assertThat(dir.resolve("device-signing.key")).doesNotExist();
    assertThat(cli.ok("", "audit", "--user", "don").out()).contains("chain: valid");
  }
}
