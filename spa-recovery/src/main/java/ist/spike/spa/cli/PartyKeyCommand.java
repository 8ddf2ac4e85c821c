package ist.spike.spa.cli;

import ist.spike.spa.vault.PartyKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The {@code party-key} command: a key pair for a recovery contact or a guardian. */
@Command(
    name = "party-key",
    description =
        "Create an Ed25519 key for a recovery contact or guardian (private file 0600); prints the"
            + " public key to register at onboarding.")
final class PartyKeyCommand implements Callable<Integer> {
  @ParentCommand SpaRecoveryCli cli;

  @Option(names = "--out", required = true, description = "Where to write the private key.")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (PartyKey key = PartyKey.create(out, cli.random)) {
      cli.out.println("party key: " + out);
      cli.out.println("public key: " + key.publicKey().toHex());
    }
    return 0;
  }
}
