package ist.spike.spa.cli;

import ist.spike.receipts.ChainVerifier;
import ist.spike.receipts.Receipt;
import ist.spike.receipts.ReceiptFormatException;
import ist.spike.spa.group.GroupPublicPackage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        } catch (ReceiptFormatException e) {
          cli.out.println("[" + i + "] (unreadable: " + e.getMessage() + ")");
        }
      }
      int verdict =
          cli.printChainVerdict(
              ChainVerifier.verifyJson(lines, g.groupKey()), Optional.of(g.groupKey()));
      if (verdict == 0) {
        List<Receipt> receipts = new java.util.ArrayList<>();
        for (String line : lines) {
          receipts.add(Receipt.parse(line));
        }
        try {
          s.checkAnchoredHead(receipts);
        } catch (CliException e) {
          cli.out.println("chain: TRUNCATED: " + e.getMessage());
          return 1;
        }
        if (s.cloud.head().isPresent()) {
          cli.out.println("chain head: matches the copy kept by " + s.cloud.kind());
        }
      }
      return verdict;
    }
  }
}
