package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real users (no {@code --test-user}) finish a recovery or a change by real time: {@code advance}
 * without {@code --hours} ends a stage that is due by the system clock. The system clock is a fixed
 * one handed to the CLI's constructor, set in the past so the verifier's future-date check holds.
 */
class CliRealTimeTest {
  private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

  @TempDir Path home;

  record Tier(String name, long cooldownHours, long probationHours, boolean guardianCompletes) {}

  static Stream<Tier> tiers() {
    return Stream.of(
        new Tier("consumer", 48, 24, false),
        new Tier("threshold-network", 96, 48, false),
        new Tier("institutional", 72, 24, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tiers")
  void realUser_recoversByRealTime(Tier tier) throws Exception {
    CliHarness cli = new CliHarness(home).at(T0);
    String u = "real";
    List<String> onboard = new ArrayList<>(List.of("--tier", tier.name()));
    onboard.addAll(List.of("--contact", cli.register("bob")));
    onboard.addAll(List.of("--guardian", cli.register("g1"), "--guardian", cli.register("g2")));
    if (tier.name().equals("threshold-network")) {
      onboard.addAll(List.of("--guardian-threshold", "2"));
    }
    String code = cli.onboardReal(u, onboard.toArray(String[]::new));
    assertThat(cli.ok("", "status", "--user", u).out()).doesNotContain("TEST USER");
    assertThat(home.resolve(u).resolve("test-clock.json")).doesNotExist();
    cli.ok("", "lose-device", "--user", u);
    assertThat(
            cli.ok(code, "recover", "--user", u, "--factors", "cloud,recovery-code", "--code-stdin")
                .out())
        .contains("state: Cooldown")
        .contains("cooldown ends: " + T0.plus(Duration.ofHours(tier.cooldownHours())));

    // An hour before the cooldown ends: refused with the time left, nothing recorded.
    Path receipts = home.resolve(u).resolve("receipts.jsonl");
    byte[] before = Files.readAllBytes(receipts);
    cli.at(T0.plus(Duration.ofHours(tier.cooldownHours() - 1)));
    assertThat(cli.ok("", "status", "--user", u).out()).doesNotContain("due:");
    assertThat(cli.refused(code, "advance", "--user", u, "--code-stdin").err())
        .contains("the cooldown has 1h 0m 0s left");
    assertThat(cli.refused(code, "advance", "--user", u, "--hours", "1", "--code-stdin").err())
        .contains("is a real user");
    assertThat(Files.readAllBytes(receipts)).isEqualTo(before);

    // An hour after: status says it is due, but only advance moves it on.
    Instant probationStart = T0.plus(Duration.ofHours(tier.cooldownHours() + 1));
    cli.at(probationStart);
    assertThat(cli.ok("", "status", "--user", u).out())
        .contains("state: Cooldown")
        .contains("due: it has ended; run advance");
    assertThat(Files.readAllBytes(receipts)).isEqualTo(before);
    assertThat(cli.ok(code, "advance", "--user", u, "--code-stdin").out())
        .doesNotContain("test clock")
        .contains("transition: recovery_probation_start")
        .contains("state: Probation")
        .contains(
            "probation ends: " + probationStart.plus(Duration.ofHours(tier.probationHours())));

    // Probation the same way, then Live (institutional: only with a guardian's signature).
    before = Files.readAllBytes(receipts);
    cli.at(probationStart.plus(Duration.ofHours(tier.probationHours() - 1)));
    assertThat(cli.refused(code, "advance", "--user", u, "--code-stdin").err())
        .contains("probation has 1h 0m 0s left");
    cli.at(probationStart.plus(Duration.ofHours(tier.probationHours() + 1)));
    if (tier.guardianCompletes()) {
      assertThat(cli.refused(code, "advance", "--user", u, "--code-stdin").err())
          .contains("a guardian's signature completes a recovery");
      assertThat(
              cli.refused(code, "advance", "--user", u, "--code-stdin", "--by", cli.by("bob"))
                  .err())
          .contains("a guardian's signature completes a recovery");
      assertThat(Files.readAllBytes(receipts)).isEqualTo(before);
      assertThat(cli.ok(code, "advance", "--user", u, "--code-stdin", "--by", cli.by("g1")).out())
          .contains("state: Live");
    } else {
      assertThat(cli.ok(code, "advance", "--user", u, "--code-stdin").out())
          .contains("state: Live");
    }
    assertThat(cli.ok("", "audit", "--user", u).out()).contains("chain: valid");
    assertThat(home.resolve(u).resolve("test-clock.json")).doesNotExist();
  }

  @Test
  void realUser_pendingChangeEndsByRealTime() throws Exception {
    CliHarness cli = new CliHarness(home).at(T0);
    cli.onboardReal("rea");
    cli.ok("", "change", "--user", "rea", "--add-contact", cli.register("carol"));
    int before = cli.receipts("rea");
    cli.at(T0.plus(Duration.ofHours(47)));
    assertThat(cli.refused("", "advance", "--user", "rea").err())
        .contains("the cooldown has 1h 0m 0s left");
    assertThat(cli.receipts("rea")).isEqualTo(before);
    cli.at(T0.plus(Duration.ofHours(49)));
    assertThat(cli.ok("", "advance", "--user", "rea").out())
        .contains("transition: enrolment_change_apply")
        .contains("state: Daily Use");
    assertThat(cli.ok("", "audit", "--user", "rea").out()).contains("chain: valid");
  }

  @Test
  void realUser_advanceWithNothingTimed_refusedAndRecordsNothing() throws Exception {
    CliHarness cli = new CliHarness(home).at(T0);
    cli.onboardReal("idle");
    int before = cli.receipts("idle");
    cli.at(T0.plus(Duration.ofDays(30)));
    assertThat(cli.refused("", "advance", "--user", "idle").err())
        .contains("only Cooldown, Probation and a pending change end by time");
    assertThat(cli.receipts("idle")).isEqualTo(before);
  }
}
