package ist.spike.spa.cli;

import ist.spike.spa.lifecycle.PartyApprover;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code rotate-emergency} command. */
@Command(
    name = "rotate-emergency",
    description =
        "Skip the cooldown (compromise): needs --override-evidence (recorded) and the signatures"
            + " the tier requires from factors that did not start the recovery.")
final class RotateEmergencyCommand extends UserCommand {
  @Option(
      names = "--override-evidence",
      required = true,
      description = "Why the cooldown is skipped.")
  String evidence;

  @Option(
      names = "--by",
      required = true,
      description =
          "An approving party: device (old device) or NAME=KEYFILE (contact or guardian)."
              + " Repeatable (k-of-n guardians).")
  List<String> by = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      List<PartyApprover> approvers = s.approvers(by);
      m.emergencyRotate(evidence, approvers, s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println(
          "cooldown skipped by emergency rotation (evidence recorded; approved by "
              + String.join(", ", approvers.stream().map(PartyApprover::party).toList())
              + ")");
      cli.printState(m);
    }
    return 0;
  }
}
