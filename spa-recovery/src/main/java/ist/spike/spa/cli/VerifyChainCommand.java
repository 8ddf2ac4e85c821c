package ist.spike.spa.cli;

import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.GroupPublicKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The {@code verify-chain} command. */
@Command(
    name = "verify-chain",
    description =
        "Verify an exported receipt chain with only the group public key (no user directory).")
final class VerifyChainCommand implements Callable<Integer> {
  @ParentCommand SpaRecoveryCli cli;

  @Option(names = "--receipts", required = true, description = "A receipts.jsonl file.")
  Path receipts;

  @Option(
      names = "--group-key",
      required = true,
      description = "The group public key, 64 hex digits.")
  String groupKey;

  @Override
  public Integer call() throws Exception {
    GroupPublicKey key = GroupPublicKey.parseHex(groupKey.strip());
    List<String> lines = new UserFiles(receipts.toAbsolutePath().getParent()).readLines(receipts);
    return cli.printChainVerdict(
        ChainVerifier.verifyJson(lines, key, cli.systemClock.instant()), Optional.empty());
  }
}
