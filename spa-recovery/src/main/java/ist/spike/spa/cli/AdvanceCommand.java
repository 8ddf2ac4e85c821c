package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code advance} command. */
@Command(
    name = "advance",
    description =
        "Test users only: move the user's test clock forward and end a cooldown or probation"
            + " that is then due. Refused (and the clock left alone) if it is not due.")
final class AdvanceCommand extends UserCommand {
  @Option(names = "--hours", description = "Hours to move forward.")
  long hours;

  @Option(names = "--seconds", description = "Seconds to move forward.")
  long seconds;

  @Option(
      names = "--by",
      description =
          "An approving party for completing probation (institutional tier: a guardian,"
              + " NAME=KEYFILE). Repeatable.")
  List<String> by = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (hours < 0 || seconds < 0 || hours > 24L * 365 * 10) {
      throw new CliException("time only moves forward, by at most ten years");
    }
    try (SpaRecoveryCli.Session s = session()) {
      s.requireOnboarded();
      if (!s.testUser) {
        throw new CliException(
            "advance moves a test clock; user "
                + s.user
                + " is a real user, whose cooldown ends by real time only");
      }
      long now = s.files.testClockSeconds() + hours * 3600 + seconds;
      RecoveryLifecycle current = s.lifecycle();
      RecoveryLifecycle m =
          RecoveryLifecycle.resume(
              current.chain(), Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
      Receipt r = null;
      if (m.state() == LifecycleState.COOLDOWN || m.state() == LifecycleState.PROBATION) {
        // Say how long is left before asking for any factor; nothing is recorded on refusal.
        m.checkAdvanceDue();
        r = m.advance(s.approvers(by), s.signer(s.openAnyTwo()));
        s.save(m);
      }
      s.files.writeTestClock(now);
      cli.out.println("test clock: " + Instant.ofEpochSecond(now));
      if (r != null) {
        cli.out.println("transition: " + r.kind().wireName());
      }
      cli.printState(m);
    }
    return 0;
  }
}
