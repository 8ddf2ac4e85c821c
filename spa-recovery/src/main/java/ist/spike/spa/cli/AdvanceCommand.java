package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code advance} command. */
@Command(
    name = "advance",
    description =
        "Test clock only (SPA_TEST_CLOCK=1): move time forward, then end a due cooldown or probation.")
final class AdvanceCommand extends UserCommand {
  @Option(names = "--hours", description = "Hours to move forward.")
  long hours;

  @Option(names = "--seconds", description = "Seconds to move forward.")
  long seconds;

  @Override
  public Integer call() throws Exception {
    if (!cli.testClockEnabled()) {
      throw new CliException("advance moves the test clock and is refused unless SPA_TEST_CLOCK=1");
    }
    if (hours < 0 || seconds < 0) {
      throw new CliException("time only moves forward");
    }
    try (SpaRecoveryCli.Session first = session()) {
      first.requireOnboarded();
      long now = first.files.testClockSeconds() + hours * 3600 + seconds;
      first.files.writeTestClock(now);
      cli.out.println("test clock: " + Instant.ofEpochSecond(now));
    }
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (m.state() == LifecycleState.COOLDOWN || m.state() == LifecycleState.PROBATION) {
        Receipt r = m.advance(s.signer(s.openAnyTwo()));
        s.save(m);
        cli.out.println("transition: " + r.kind().wireName());
      }
      cli.printState(m);
    }
    return 0;
  }
}
