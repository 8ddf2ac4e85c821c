package ist.spike.spa.cli;

import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.ShareLabel;
import java.nio.file.Files;
import picocli.CommandLine.Command;

/** The {@code lose-device} command. */
@Command(
    name = "lose-device",
    description = "Simulate losing the device: its share, wrapping key and party key are deleted.")
final class LoseDeviceCommand extends UserCommand {
  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (!s.vault.exists(ShareLabel.DEVICE)) {
        throw new CliException("the device share is already gone");
      }
      ReceiptSigner signer = s.signer(s.openAnyTwo());
      m.reportFactorLoss(RecoveryFactor.DEVICE, signer);
      s.save(m);
      s.vault.delete(ShareLabel.DEVICE);
      Files.deleteIfExists(s.files.deviceKeyFile());
      Files.deleteIfExists(s.files.deviceSigningKeyFile());
      cli.out.println("device share removed (loss recorded)");
      cli.printState(m);
    }
    return 0;
  }
}
