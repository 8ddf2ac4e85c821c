package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sign} command. */
@Command(name = "sign", description = "Sign a message with two shares (device + cloud by default).")
final class SignCommand extends UserCommand {
  @Option(names = "--message", required = true, description = "The message (UTF-8).")
  String message;

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      if (m.state().isRecovering()) {
        throw new CliException(
            "signing is paused while a recovery is in progress (state "
                + m.state().displayName()
                + "); cancel it or let it complete");
      }
      List<ShareSecret> shares = s.openAnyTwo();
      ReceiptSigner signer = s.signer(shares);
      if (m.state() == LifecycleState.ONBOARDED) {
        m.beginDailyUse(signer);
        s.save(m);
      }
      byte[] msg = message.getBytes(StandardCharsets.UTF_8);
      byte[] sig = signer.sign(msg);
      boolean ok = s.group().groupKey().verify(msg, sig);
      cli.out.println("signers: " + SpaRecoveryCli.labels(shares));
      cli.out.println("signature: " + HexFormat.of().formatHex(sig));
      cli.out.println("verified: " + (ok ? "ok (JDK Ed25519, group key)" : "FAILED"));
      cli.printState(m);
      return ok ? 0 : 1;
    }
  }
}
