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

/**
 * The {@code advance} command: ends a cooldown, probation or pending change that is due. A real
 * user's stage is due by the system clock; a test user's after moving the test clock forward.
 */
@Command(
    name = "advance",
    description =
        "End a cooldown, probation or pending change that is due (with the approvals the tier"
            + " needs). Real users: due by the system clock. Test users: first move the test clock"
            + " forward by --hours/--seconds. Refused, recording nothing, if it is not due.")
final class AdvanceCommand extends UserCommand {
  @Option(names = "--hours", description = "Test users only: hours to move the test clock forward.")
  long hours;

  @Option(
      names = "--seconds",
      description = "Test users only: seconds to move the test clock forward.")
  long seconds;

  @Option(
      names = "--by",
      description =
          "An approving party for completing probation or applying a change (institutional"
              + " tier: a guardian, NAME=KEYFILE). Repeatable.")
  List<String> by = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (hours < 0 || seconds < 0 || hours > 24L * 365 * 10) {
      throw new CliException("time only moves forward, by at most ten years");
    }
    try (SpaRecoveryCli.Session s = session()) {
      s.requireOnboarded();
      if (!s.testUser && (hours != 0 || seconds != 0)) {
        throw new CliException(
            "--hours/--seconds move a test clock; user "
                + s.user
                + " is a real user, whose cooldown ends by real time only: run advance without"
                + " them once it is due");
      }
      RecoveryLifecycle m = s.lifecycle();
      long now = 0;
      if (s.testUser) {
        now = s.files.testClockSeconds() + hours * 3600 + seconds;
        m =
            RecoveryLifecycle.resume(
                m.chain(), Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
      }
      Receipt r = null;
      if (!s.testUser || isTimed(m.state())) {
        // Say how long is left before asking for any factor; nothing is recorded on refusal.
        m.checkAdvanceDue();
        r = m.advance(s.approvers(by), s.signer(s.openAnyTwo()));
        s.save(m);
      }
      if (s.testUser) {
        s.files.writeTestClock(now);
        cli.out.println("test clock: " + Instant.ofEpochSecond(now));
      }
      if (r != null) {
        cli.out.println("transition: " + r.kind().wireName());
      }
      cli.printState(m);
    }
    return 0;
  }

  /** Whether {@code state} is one that ends by time (Cooldown, Probation, Change Pending). */
  static boolean isTimed(LifecycleState state) {
    return state == LifecycleState.COOLDOWN
        || state == LifecycleState.PROBATION
        || state == LifecycleState.CHANGE_PENDING;
  }
}
