package ist.spike.spa.cli;

import ist.spike.receipts.ChainError;
import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.LifecycleState;
import java.nio.file.Path;
import java.util.List;
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
    ist.spike.receipts.GroupPublicKey key =
        ist.spike.receipts.GroupPublicKey.parseHex(groupKey.strip());
    List<String> lines = new UserFiles(receipts.toAbsolutePath().getParent()).readLines(receipts);
    ChainReport report = ChainVerifier.verifyJson(lines, key);
    if (report.isValid()) {
      cli.out.println(
          "chain: valid ("
              + report.receipts()
              + " receipts, final state "
              + report.finalState().map(LifecycleState::displayName).orElse("?")
              + ")");
      return 0;
    }
    ChainError e = report.error().orElseThrow();
    cli.out.println(
        "chain: INVALID at receipt " + e.index() + ": " + e.kind() + ": " + e.message());
    return 1;
  }
}
