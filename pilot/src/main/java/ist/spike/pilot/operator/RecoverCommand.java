package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.RecoveryLine;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code spike operator recover}: fetches every shard of the root key from Nexus (recover role) and
 * writes {@code spike.recovery.<i>.txt} files ({@code spike:<i>:<hex>}, 0600, 0700 directory).
 */
@Command(
    name = "recover",
    description =
        "Save the root key's recovery shards to files (needs the recover role: SPIKE_PILOT_ROLE=recover).")
final class RecoverCommand implements Callable<Integer> {
  private final Map<String, String> env;
  private final OperatorApiFactory apis;
  private final PrintWriter out;
  private final PrintWriter err;

  RecoverCommand(
      Map<String, String> env, OperatorApiFactory apis, PrintWriter out, PrintWriter err) {
    this.env = requireNonNull(env, "env");
    this.apis = requireNonNull(apis, "apis");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  /** The split's commitments, or empty with a note when this Nexus serves none (SPIKE's). */
  private Optional<FeldmanCommitments> commitments(OperatorApi api) {
    try {
      return Optional.of(api.commitments());
    } catch (OperatorApiException e) {
      err.println("Note: no shard commitments saved (" + e.getMessage() + ").");
      return Optional.empty();
    }
  }

  @Override
  public Integer call() {
    List<Shard> shards;
    Optional<FeldmanCommitments> commitments;
    try (OperatorApi api = apis.open(env, OperatorApiFactory.Role.RECOVER)) {
      shards = api.recover();
      commitments = commitments(api);
    } catch (OperatorApiException e) {
      err.println("Error: Failed to retrieve recovery shards.");
      err.println("  " + e.getMessage());
      err.flush();
      return 1;
    }
    try {
      if (shards.isEmpty()) {
        err.println("Error: No shards found.");
        return 1;
      }
      RecoveryDirectory dir = RecoveryDirectory.resolve(env);
      dir.deleteOldFiles();
      for (Shard shard : shards) {
        byte[] line = RecoveryLine.format(shard, InsecureSecretAccess.get());
        try {
          dir.write(RecoveryLine.fileName(shard.index()), line);
        } finally {
          Arrays.fill(line, (byte) 0);
        }
      }
      if (commitments.isPresent()) {
        dir.write(CommitmentsFile.NAME, CommitmentsFile.format(commitments.get()));
      }
      out.println();
      out.println("  SPIKE Recovery shards saved to the recovery directory:");
      out.println("  " + dir.path());
      out.println();
      out.println("  Please make sure that:");
      out.println("    1. You encrypt these shards and keep them safe, apart from each other.");
      out.println("    2. You securely erase the shards from the recovery directory after");
      out.println("       you encrypt them and save them to a safe location.");
      out.println();
      out.println(
          "  Any " + "threshold-sized subset restores SPIKE with `spike operator restore`.");
      if (commitments.isPresent()) {
        out.println(
            "  "
                + CommitmentsFile.NAME
                + " (public) lets you check a shard offline: spike operator verify-shard"
                + " --commitments FILE < SHARD-FILE");
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("Error: cannot write the recovery files: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      shards.forEach(Shard::close);
      err.flush();
    }
  }
}
