package ist.spike.spa.cli;

import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.ReceiptSigner;
import ist.spike.receipts.RecoveryFactor;
import ist.spike.spa.group.ShareSecret;
import ist.spike.spa.lifecycle.RecoveryLifecycle;
import ist.spike.spa.vault.ShareLabel;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code recover} command. */
@Command(
    name = "recover",
    description = "Start a recovery; with --factors, prove two factors and start the cooldown.")
final class RecoverCommand extends UserCommand {
  @Option(names = "--factors", description = "Two factors to prove, e.g. cloud,recovery-code.")
  String factors;

  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      RecoveryLifecycle m = s.lifecycle();
      Optional<Set<ShareLabel>> labels =
          factors == null ? Optional.empty() : Optional.of(SpaRecoveryCli.parseFactors(factors));
      List<ShareSecret> shares = labels.isPresent() ? s.openFactors(labels.get()) : s.openAnyTwo();
      ReceiptSigner signer = s.signer(shares);
      if (m.state() != LifecycleState.RECOVERY_INITIATED) {
        m.initiateRecovery(signer);
        s.save(m);
        cli.out.println("recovery initiated");
      }
      if (labels.isPresent()) {
        Set<RecoveryFactor> f = EnumSet.noneOf(RecoveryFactor.class);
        labels.get().forEach(l -> f.add(l.factor()));
        m.presentFactors(f, signer);
        s.save(m);
        cli.out.println("factors proven: " + SpaRecoveryCli.labels(shares));
      }
      cli.printState(m);
    }
    return 0;
  }
}
