package ist.spike.spa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of every tier through the CLI, from one table restated here (not read from {@code
 * Tier}): cooldown and probation lengths to the hour, who may and may not cancel, which approvals
 * an emergency rotation accepts and refuses, and what completing a recovery needs. Parties: the old
 * device ({@code device}), contact {@code bob}, guardians {@code g1..g3}.
 */
class CliTierRulesTest {
  @TempDir Path home;

  record Rules(
      String tier,
      long cooldownHours,
      long probationHours,
      List<String> mayCancel,
      Map<String, String> mayNotCancel,
      Map<List<String>, String> overrideRefused,
      List<String> overrideAllowed,
      boolean guardianCompletes) {}

  static Stream<Rules> tiers() {
    return Stream.of(
        new Rules(
            "consumer",
            48,
            24,
            List.of("device", "bob"),
            Map.of("g1", "consumer tier a guardian may not cancel"),
            Map.of(List.of("g1"), "signature of a factor that did not start the recovery"),
            List.of("bob"),
            false),
        new Rules(
            "threshold-network",
            96,
            48,
            List.of("device", "bob", "g1"),
            Map.of(),
            Map.of(
                List.of("bob"), "needs 2 guardian signature(s); found 0",
                List.of("device"), "needs 2 guardian signature(s); found 0",
                List.of("g1"), "needs 2 guardian signature(s); found 1"),
            List.of("g1", "g2"),
            false),
        new Rules(
            "institutional",
            72,
            24,
            List.of("device", "g1"),
            Map.of("bob", "institutional tier a recovery_contact may not cancel"),
            Map.of(
                List.of("device"), "needs 1 guardian signature(s); found 0",
                List.of("bob"), "needs 1 guardian signature(s); found 0"),
            List.of("g2"),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tiers")
  void tier_everyRuleThroughTheCli(Rules rules) throws Exception {
    CliHarness cli = new CliHarness(home);
    String u = "user";
    List<String> onboard = new ArrayList<>(List.of("--tier", rules.tier()));
    onboard.addAll(List.of("--contact", cli.register("bob")));
    for (String g : List.of("g1", "g2", "g3")) {
      onboard.addAll(List.of("--guardian", cli.register(g)));
    }
    if (rules.tier().equals("threshold-network")) {
      onboard.addAll(List.of("--guardian-threshold", "2"));
    }
    String code = cli.onboard(u, onboard.toArray(String[]::new));
    String[] recover = {"recover", "--user", u, "--factors", "cloud,recovery-code", "--code-stdin"};
    assertThat(cli.ok(code, recover).out()).contains("state: Cooldown");

    // Who may not cancel, then who may (each allowed cancel ends the recovery; start another).
    int before = cli.receipts(u);
    for (var refused : rules.mayNotCancel().entrySet()) {
      assertThat(cli.refused("", "cancel", "--user", u, "--by", cli.by(refused.getKey())).err())
          .contains(refused.getValue());
    }
    assertThat(cli.receipts(u)).as("refused cancellations record nothing").isEqualTo(before);
    for (String party : rules.mayCancel()) {
      assertThat(cli.ok("", "cancel", "--user", u, "--by", cli.by(party)).out())
          .contains("recovery cancelled by " + party)
          .contains("state: Daily Use");
      cli.ok(code, recover);
    }

    // The cooldown lasts exactly the tier's length.
    assertThat(
            cli.refused("", "advance", "--user", u, "--hours", hours(rules.cooldownHours() - 1))
                .err())
        .contains("the cooldown has 1h 0m 0s left");
    assertThat(cli.ok("", "advance", "--user", u, "--hours", hours(rules.cooldownHours())).out())
        .contains("transition: recovery_probation_start")
        .contains("state: Probation");

    // So does probation; then what completing needs.
    String probation = hours(rules.probationHours());
    assertThat(
            cli.refused("", "advance", "--user", u, "--hours", hours(rules.probationHours() - 1))
                .err())
        .contains("probation has 1h 0m 0s left");
    if (rules.guardianCompletes()) {
      assertThat(cli.refused("", "advance", "--user", u, "--hours", probation).err())
          .contains("a guardian's signature completes a recovery");
      assertThat(
              cli.refused("", "advance", "--user", u, "--hours", probation, "--by", cli.by("bob"))
                  .err())
          .contains("a guardian's signature completes a recovery");
      assertThat(
              cli.ok("", "advance", "--user", u, "--hours", probation, "--by", cli.by("g3")).out())
          .contains("state: Live");
    } else {
      assertThat(cli.ok("", "advance", "--user", u, "--hours", probation).out())
          .contains("state: Live");
    }

    // An emergency rotation: refused approvals, then the accepted ones.
    assertThat(cli.ok(code, recover).out()).contains("state: Cooldown");
    before = cli.receipts(u);
    for (var refused : rules.overrideRefused().entrySet()) {
      assertThat(cli.refused("", rotate(cli, u, refused.getKey())).err())
          .contains(refused.getValue());
    }
    assertThat(cli.receipts(u)).as("refused overrides record nothing").isEqualTo(before);
    assertThat(cli.ok("", rotate(cli, u, rules.overrideAllowed())).out())
        .contains("approved by " + String.join(", ", rules.overrideAllowed()))
        .contains("state: Probation");
    assertThat(cli.ok("", "audit", "--user", u).out()).contains("chain: valid");
  }

  private static String hours(long h) {
    return Long.toString(h);
  }

  private static String[] rotate(CliHarness cli, String user, List<String> approvers) {
    List<String> args =
        new ArrayList<>(
            List.of("rotate-emergency", "--user", user, "--override-evidence", "phone stolen"));
    for (String a : approvers) {
      args.addAll(List.of("--by", cli.by(a)));
    }
    return args.toArray(String[]::new);
  }
}
