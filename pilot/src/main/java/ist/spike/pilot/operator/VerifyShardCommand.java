package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.InvalidCommitmentsException;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shard;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spike operator verify-shard --commitments FILE < spike.recovery.<i>.txt}: checks offline,
 * without contacting Nexus, that a recovery file holds a genuine shard of the root key whose split
 * the commitments describe (ADR-0161). Exit 0 when it does, 1 when it does not or cannot be read.
 */
@Command(
    name = "verify-shard",
    description =
        "Check a recovery shard (hidden prompt or stdin) against the split's commitments, offline.")
final class VerifyShardCommand implements Callable<Integer> {
  @Option(
      names = "--commitments",
      required = true,
      paramLabel = "FILE",
      description =
          "The commitments file written by `spike operator recover` ("
              + CommitmentsFile.NAME
              + ").")
  Path commitmentsFile;

  private final Optional<Console> console;
  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;

  VerifyShardCommand(Optional<Console> console, InputStream in, PrintWriter out, PrintWriter err) {
    this.console = requireNonNull(console, "console");
    this.in = requireNonNull(in, "in");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  @Override
  public Integer call() {
    FeldmanCommitments commitments;
    try {
      commitments = CommitmentsFile.read(commitmentsFile);
    } catch (NoSuchFileException e) {
      return fail("no commitments file at " + commitmentsFile);
    } catch (IOException e) {
      return fail("cannot read the commitments file: " + e.getMessage());
    } catch (InvalidCommitmentsException e) {
      return fail(
          "the commitments file is not valid ("
              + e.getMessage()
              + "); take it again from `spike operator recover`");
    }
    try (Shard shard = RecoveryInput.read(console, in)) {
      if (!commitments.matches(shard)) {
        return fail(
            "shard "
                + shard.index()
                + " does NOT match the commitments: it is corrupted, or belongs to another root"
                + " key or another split; do not rely on it for a restore");
      }
      out.println(
          "Shard "
              + shard.index()
              + " matches the commitments (a "
              + commitments.threshold()
              + "-of-N split): it is a genuine shard of this root key.");
      out.flush();
      return 0;
    } catch (InvalidShardException e) {
      return fail("Invalid recovery shard: " + e.getMessage());
    } catch (IOException e) {
      return fail("cannot read the recovery shard: " + e.getMessage());
    }
  }

  private int fail(String message) {
    err.println("Error: " + message);
    err.flush();
    return 1;
  }
}
