package ist.spike.spa.cli;

import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.ShareLabel;
import picocli.CommandLine.Command;

/** The {@code status} command. */
@Command(name = "status", description = "Show the lifecycle state and which shares are here.")
final class StatusCommand extends UserCommand {
  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      cli.out.println("user: " + s.user + (s.testUser ? " (TEST USER: test clock)" : ""));
      cli.out.println("tier: " + m.enrolment().tier().wireName());
      cli.printState(m);
      for (ShareLabel l : ShareLabel.values()) {
        cli.out.println(l + " share: " + (s.vault.exists(l) ? "present" : "missing"));
      }
      cli.out.println("receipts: " + m.chain().receipts().size());
    }
    return 0;
  }
}
