package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ErrorCode;
import ist.spike.crypto.shamir.InvalidShardException;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code spike operator restore}: reads one recovery line ({@code spike:<i>:<hex>}) from a hidden
 * terminal prompt or from standard input and sends it to Nexus (restore role), printing SPIKE's
 * progress messages.
 */
@Command(
    name = "restore",
    description =
        "Send one recovery shard to Nexus (needs the restore role: SPIKE_PILOT_ROLE=restore);"
            + " run once per shard until SPIKE is restored.")
final class RestoreCommand implements Callable<Integer> {
  private final Map<String, String> env;
  private final OperatorApiFactory apis;
  private final Optional<Console> console;
  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;

  RestoreCommand(
      Map<String, String> env,
      OperatorApiFactory apis,
      Optional<Console> console,
      InputStream in,
      PrintWriter out,
      PrintWriter err) {
    this.env = requireNonNull(env, "env");
    this.apis = requireNonNull(apis, "apis");
    this.console = requireNonNull(console, "console");
    this.in = requireNonNull(in, "in");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  @Override
  public Integer call() {
    Shard shard;
    try {
      shard = readShard();
    } catch (InvalidShardException e) {
      err.println("Error: Invalid recovery shard: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("Error: cannot read the recovery shard: " + e.getMessage());
      err.flush();
      return 1;
    }
    try (shard;
        OperatorApi api = apis.open(env, OperatorApiFactory.Role.RESTORE)) {
      OperatorApi.RestoreStatus status = api.restore(shard);
      out.println();
      if (status.restored()) {
        out.println("  SPIKE is now restored and ready to use.");
        out.println("  See https://spike.ist/operations/recovery/ for next steps.");
      } else {
        out.println("  Shards collected: " + status.collected());
        out.println("  Shards remaining: " + status.remaining());
        out.println("  Please run `spike operator restore` again to provide the remaining shards.");
      }
      out.println();
      out.flush();
      return 0;
    } catch (OperatorApiException e) {
      if (e.code().isEmpty()) {
        err.println("Error: Failed to communicate with SPIKE Nexus.");
      } else if (e.code().get() == ErrorCode.TOO_MANY_REQUESTS) {
        err.println("Error: Too many restore attempts.");
      } else {
        err.println("Error: SPIKE Nexus refused the shard.");
      }
      err.println("  " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private Shard readShard() throws IOException, InvalidShardException {
    return RecoveryInput.read(console, in);
  }
}
