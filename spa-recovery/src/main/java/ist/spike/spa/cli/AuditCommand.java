package ist.spike.spa.cli;

import ist.spike.receipts.ChainError;
import ist.spike.receipts.ChainReport;
import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.LifecycleState;
import ist.spike.receipts.Receipt;
import ist.spike.spa.group.GroupPublicPackage;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

/** The {@code audit} command. */
@Command(name = "audit", description = "Verify the receipt chain from scratch and print it.")
final class AuditCommand extends UserCommand {
  @Override
  public Integer call() throws Exception {
    try (SpaRecoveryCli.Session s = session()) {
      GroupPublicPackage g = s.group();
      List<String> lines = s.files.readReceiptLines();
      for (int i = 0; i < lines.size(); i++) {
        try {
          Receipt r = Receipt.parse(lines.get(i));
          cli.out.println(
              "["
                  + i
                  + "] "
                  + r.kind().wireName()
                  + " ts="
                  + Instant.ofEpochSecond(r.timestamp())
                  + " subject="
                  + r.subject()
                  + " payload="
                  + r.payload());
        } catch (ist.spike.receipts.ReceiptFormatException e) {
          cli.out.println("[" + i + "] (unreadable: " + e.getMessage() + ")");
        }
      }
      ChainReport report = ChainVerifier.verifyJson(lines, g.groupKey());
      if (report.isValid()) {
        cli.out.println(
            "chain: valid ("
                + report.receipts()
                + " receipts, group key "
                + g.groupKey().toHex()
                + ", final state "
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
}
