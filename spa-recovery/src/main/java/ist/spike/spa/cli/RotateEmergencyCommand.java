package ist.spike.spa.cli;

import ist.spike.spa.lifecycle.RecoveryLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code rotate-emergency} command. */
@Command(
    name = "rotate-emergency",
    description = "Skip the cooldown (compromise): needs --override-evidence, which is recorded.")
final class RotateEmergencyCommand extends UserCommand {
  @Option(
      names = "--override-evidence",
      required = true,
      description = "Why the cooldown is skipped.")
  String evidence;

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      m.emergencyRotate(evidence, s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println("cooldown skipped by emergency rotation (evidence recorded)");
      cli.printState(m);
    }
    return 0;
  }
}
