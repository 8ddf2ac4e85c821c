package ist.spike.pilot.audit;

import static java.util.Objects.requireNonNull;

import ist.spike.pilot.PilotContext;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.audit.AuditChainVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spike audit}: the audit-chain commands. */
@Command(
    name = "audit",
    description = "Check a SPIKE audit chain.",
    mixinStandardHelpOptions = true,
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand {
  /** Exit code of a chain that does not verify (or cannot be read). */
  static final int BAD = 1;

  /**
   * Creates the group.
   *
   * @param ctx the context
   */
  public AuditCommand(PilotContext ctx) {
    requireNonNull(ctx, "ctx");
  }

  /**
   * {@code spike audit verify FILE}: checks every record's sequence number, hash link and
   * signature, offline, with only the writer's public key; names the first bad record and why.
   */
  @Command(
      name = "verify",
      description = {
        "Verify an audit chain offline; needs only the writer's public key.",
        "Exit 0 when every record verifies; 1 naming the first bad record."
      },
      mixinStandardHelpOptions = true)
  static final class Verify implements Callable<Integer> {
    private final PilotContext ctx;

    @Parameters(index = "0", paramLabel = "FILE", description = "The audit file (JSON lines).")
    Path file;

    @Option(
        names = {"-k", "--public-key"},
        paramLabel = "KEY",
        description = {
          "The writer's Ed25519 public key: a file holding 64 hex digits, or the digits.",
          "Default: nexus-audit.key.pub next to FILE."
        })
    String publicKey;

    Verify(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      GroupPublicKey key;
      try {
        key = publicKey();
      } catch (IOException | IllegalArgumentException e) {
        ctx.err().println("Error: cannot read the public key: " + e.getMessage());
        return BAD;
      }
      AuditChainVerifier.Report report;
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        report = AuditChainVerifier.verify(r, key);
      } catch (IOException e) {
        ctx.err().println("Error: cannot read " + file + ": " + e.getMessage());
        return BAD;
      }
      if (report.failure().isPresent()) {
        AuditChainVerifier.Failure f = report.failure().get();
        ctx.err()
            .println(
                "FAILED: "
                    + file
                    + ": record "
                    + f.line()
                    + " (line "
                    + f.line()
                    + "): "
                    + f.reason()
                    + "; the "
                    + report.records()
                    + " records before it verify");
        return BAD;
      }
      ctx.out()
          .println(
              "OK: "
                  + file
                  + ": "
                  + report.records()
                  + " records verify under key "
                  + key.toHex()
                  + "; last record hash "
                  + report.lastHash().orElseThrow().toHex()
                  + " (keep it to detect records cut off the end later)");
      return 0;
    }

    private GroupPublicKey publicKey() throws IOException {
      String value = publicKey;
      if (value == null) {
        Path sibling = file.toAbsolutePath().resolveSibling("nexus-audit.key.pub");
        if (!Files.exists(sibling)) {
          throw new IllegalArgumentException(
              "no --public-key given and " + sibling + " does not exist");
        }
        value = sibling.toString();
      }
      String hex = value.strip();
      if (!(hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0))) {
        Path path = Path.of(value);
        if (Files.size(path) > 1024) {
          throw new IllegalArgumentException(path + " is too large to be a public key file");
        }
        hex = Files.readString(path, StandardCharsets.US_ASCII).strip();
      }
      return GroupPublicKey.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
