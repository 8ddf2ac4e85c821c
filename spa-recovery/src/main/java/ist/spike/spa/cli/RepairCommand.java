package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.spa.group.GroupPublicPackage;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.ShareLabel;
import ist.spike.spa.vault.WrappingKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code repair} command. */
@Command(
    name = "repair",
    description = "Rebuild a lost share from the other two (FROST repair, key never assembled).")
final class RepairCommand extends UserCommand {
  @Option(names = "--share", required = true, description = "device, cloud or recovery-code.")
  String share;

  @Override
  public Integer call() throws Exception {
    ShareLabel lost =
        ShareLabel.parse(share)
            .orElseThrow(() -> new CliException("--share must be device, cloud or recovery-code"));
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (s.vault.exists(lost)) {
        throw new CliException("the " + lost + " share exists; nothing to repair");
      }
      if (lost == ShareLabel.RECOVERY_CODE) {
        throw new CliException(
            "a lost recovery code cannot be re-wrapped under the same code; run refresh to issue"
                + " new shares and a new code");
      }
      Set<ShareLabel> helpers = EnumSet.complementOf(EnumSet.of(lost));
      List<ShareSecret> helperShares = s.openFactors(helpers);
      ReceiptSigner signer = s.signer(helperShares);
      GroupPublicPackage g = s.group();
      try (ShareSecret repaired = cli.group.repair(helperShares, lost.participant(), g)) {
        if (m.state() == LifecycleState.LIVE && lost == ShareLabel.DEVICE) {
          m.rebind(lost.factor(), signer);
        } else {
          m.recordRepair(lost.factor(), SpaRecoveryCli.factorsOf(helpers), signer);
        }
        if (lost == ShareLabel.DEVICE) {
          Path keyFile = s.files.deviceKeyFile();
          Files.deleteIfExists(keyFile);
          try (WrappingKey key = WrappingKey.create(keyFile, cli.random)) {
            s.vault.store(lost, repaired, key);
          }
        } else {
          try (WrappingKey key = s.cloud.create(cli.random)) {
            s.vault.store(lost, repaired, key);
          }
        }
        s.save(m);
      }
      cli.out.println(
          "repaired: " + lost + " share (helpers " + SpaRecoveryCli.labels(helperShares) + ")");
      cli.printState(m);
    }
    return 0;
  }
}
