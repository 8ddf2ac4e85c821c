package ist.spike.spa.cli;

import ist.spike.receipts.ReceiptSigner;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.group.ThresholdGroup;
import ist.spike.spa.lifecycle.LifecyclePolicy;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.RecoveryCode;
import ist.spike.spa.vault.ShareLabel;
import ist.spike.spa.vault.WrappingKey;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;

/** The {@code onboard} command. */
@Command(
    name = "onboard",
    description = "Deal 2-of-3 shares, store them, show the recovery code once.")
final class OnboardCommand extends UserCommand {
  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session(true)) {
      if (s.files.onboarded()) {
        throw new CliException("user " + s.user + " is already onboarded in " + s.vault.userDir());
      }
      try (ThresholdGroup.Dealt dealt = cli.group.deal();
          WrappingKey device = WrappingKey.create(s.files.deviceKeyFile(), cli.random);
          WrappingKey cloud = WrappingKey.create(s.files.cloudKeyFile(), cli.random);
          RecoveryCode code = RecoveryCode.generate(cli.random)) {
        List<ShareSecret> shares = dealt.shares();
        ReceiptSigner signer = cli.group.signer(shares.subList(0, 2), dealt.group());
        RecoveryLifecycle m =
            RecoveryLifecycle.onboard(
                dealt.group().groupKey(), s.user.value(), s.clock, LifecyclePolicy.DEFAULT, signer);
        // group.json is written last among the renames' names, so "onboarded" means complete.
        new StagedUpdate(s.vault.userDir())
            .put(
                ShareLabel.DEVICE.fileName(),
                s.vault.seal(ShareLabel.DEVICE, shares.get(0), device))
            .put(ShareLabel.CLOUD.fileName(), s.vault.seal(ShareLabel.CLOUD, shares.get(1), cloud))
            .put(
                ShareLabel.RECOVERY_CODE.fileName(),
                s.vault.seal(ShareLabel.RECOVERY_CODE, shares.get(2), code))
            .put("receipts.jsonl", UserFiles.receiptsBytes(m.chain().receipts()))
            .put("group.json", s.files.groupJson(s.user.value(), dealt.group()))
            .commit();
        cli.out.println("onboarded: " + s.user);
        cli.out.println("group public key: " + dealt.group().groupKey().toHex());
        cli.out.println(
            "shares: device.share cloud.share recovery-code.share in " + s.vault.userDir());
        char[] shown = code.grouped();
        cli.out.print("RECOVERY CODE (shown once; write it down and keep it offline): ");
        cli.out.println(shown);
        Arrays.fill(shown, '\0');
        cli.printState(m);
      }
    }
    return 0;
  }
}
