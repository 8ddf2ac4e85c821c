package ist.spike.spa.cli;

import ist.spike.receipts.ReceiptSigner;
import ist.spike.spa.group.GroupPublicPackage;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.group.ThresholdGroup;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.RecoveryCode;
import ist.spike.spa.vault.ShareLabel;
import ist.spike.spa.vault.WrappingKey;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;

/** The {@code refresh} command. */
@Command(
    name = "refresh",
    description =
        "New shares for the same group key; old shares stop working with new ones. Needs all three.")
final class RefreshCommand extends UserCommand {
  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      GroupPublicPackage g = s.group();
      List<ShareSecret> all = s.openFactors(EnumSet.allOf(ShareLabel.class));
      try (ThresholdGroup.Dealt fresh = cli.group.refresh(all, g)) {
        if (!fresh.group().groupKey().equals(g.groupKey())) {
          throw new GeneralSecurityException("refresh changed the group key; nothing stored");
        }
        ReceiptSigner signer = cli.group.signer(fresh.shares().subList(0, 2), fresh.group());
        m.recordRefresh(signer);
        try (WrappingKey device = WrappingKey.read(s.files.deviceKeyFile());
            WrappingKey cloud = s.cloud.open();
            RecoveryCode code = RecoveryCode.generate(cli.random)) {
          s.stageShares(fresh.shares(), device, cloud, code)
              .put("group.json", s.files.groupJson(s.user.value(), fresh.group()))
              .put("receipts.jsonl", UserFiles.receiptsBytes(m.chain().receipts()))
              .commit();
          s.recordHead(m.chain().receipts());
          cli.showRecoveryCodeOnce(
              "NEW RECOVERY CODE (shown once; the old code no longer works): ", code);
        }
      }
      cli.out.println("refreshed: new device, cloud and recovery-code shares; same group key");
      cli.printState(m);
    }
    return 0;
  }
}
