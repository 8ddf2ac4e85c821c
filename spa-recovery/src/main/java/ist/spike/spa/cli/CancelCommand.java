package ist.spike.spa.cli;

import ist.spike.receipts.Canceller;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code cancel} command. */
@Command(name = "cancel", description = "Cancel a recovery in progress; who cancelled is recorded.")
final class CancelCommand extends UserCommand {
  @Option(names = "--by", required = true, description = "device, contact or guardian.")
  String by;

  @Override
  public Integer call() throws Exception {
    Canceller canceller =
        switch (by.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "device", "old-device", "old_device" -> Canceller.OLD_DEVICE;
          case "contact", "recovery-contact", "recovery_contact" -> Canceller.RECOVERY_CONTACT;
          case "guardian" -> Canceller.GUARDIAN;
          default -> throw new CliException("--by must be device, contact or guardian");
        };
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (!m.state().isRecovering()) {
        throw new CliException(
            "there is no recovery to cancel (state " + m.state().displayName() + ")");
      }
      m.cancel(canceller, s.signer(s.openAnyTwo()));
      s.save(m);
      cli.out.println("recovery cancelled by " + canceller.wireName());
      cli.printState(m);
    }
    return 0;
  }
}
