package ist.spike.spa.cli;

import ist.spike.spa.lifecycle.PartyApprover;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code cancel} command. */
@Command(
    name = "cancel",
    description =
        "Cancel a recovery in progress, signed by a registered party; who cancelled is recorded.")
final class CancelCommand extends UserCommand {
  @Option(
      names = "--by",
      required = true,
      description = "device (the old device's key), or NAME=KEYFILE for a contact or guardian.")
  String by;

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (!m.state().isRecovering()) {
        throw new CliException(
            "there is no recovery to cancel (state " + m.state().displayName() + ")");
      }
      PartyApprover approver = s.approvers(List.of(by)).get(0);
      m.cancel(approver, s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println("recovery cancelled by " + approver.party());
      cli.printState(m);
    }
    return 0;
  }
}
