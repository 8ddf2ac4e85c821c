package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code apply-change} command. */
@Command(
    name = "apply-change",
    description =
        "Apply a requested change once its cooldown has passed (institutional tier: with a"
            + " guardian's signature).")
final class ApplyChangeCommand extends UserCommand {
  @Option(
      names = "--by",
      description =
          "An approving party (institutional tier: a guardian, NAME=KEYFILE). Repeatable.")
  List<String> by = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (m.state() != LifecycleState.CHANGE_PENDING) {
        throw new CliException("no change is pending (state " + m.state().displayName() + ")");
      }
      // Say how long is left before asking for any factor; nothing is recorded on refusal.
      m.checkAdvanceDue();
      m.applyChange(s.approvers(by), s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println("change applied: tier " + m.enrolment().tier().wireName());
      cli.out.println("parties: " + String.join(", ", m.enrolment().parties().keySet()));
      cli.printState(m);
    }
    return 0;
  }
}
