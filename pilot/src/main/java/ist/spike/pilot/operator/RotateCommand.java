package ist.spike.pilot.operator;

import static java.util.Objects.requireNonNull;

import ist.spike.custody.OperatorApi;
import ist.spike.custody.OperatorApiException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spike operator rotate [--status]}: starts a root-key rotation in Nexus, or shows its
 * progress (superuser; ADR-0162). Exit 0 on success, 1 when Nexus refuses or cannot be reached.
 */
@Command(
    name = "rotate",
    description = {
      "Replace the root key with a new one (superuser): Nexus splits it to the Keepers and",
      "re-seals every stored secret and policy under it while it keeps serving. SPIKE-format",
      "cipher texts made before still decrypt. When it is done, earlier recovery files no longer",
      "restore: run `spike operator recover` again and store the new files.",
      "With --status: show the root-key generation and the last rotation's progress."
    },
    mixinStandardHelpOptions = true)
final class RotateCommand implements Callable<Integer> {
  static final String RECOVER_AGAIN =
      "Recovery files saved before this rotation are superseded: run `spike operator recover`"
          + " (SPIKE_PILOT_ROLE=recover) again and store the new files.";

  @Option(names = "--status", description = "Show progress instead of starting a rotation.")
  boolean status;

  private final Map<String, String> env;
  private final OperatorApiFactory apis;
  private final PrintWriter out;
  private final PrintWriter err;

  RotateCommand(
      Map<String, String> env, OperatorApiFactory apis, PrintWriter out, PrintWriter err) {
    this.env = requireNonNull(env, "env");
    this.apis = requireNonNull(apis, "apis");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
  }

  @Override
  public Integer call() {
    try (OperatorApi api = apis.open(env, OperatorApiFactory.Role.SUPERUSER)) {
      if (status) {
        print(api.rotationStatus());
        return 0;
      }
      OperatorApi.RotationStatus s = api.rotate();
      out.println(
          "Root-key rotation started (generation "
              + s.generation()
              + " -> "
              + (s.generation() + 1)
              + "); Nexus keeps serving meanwhile.");
      out.println("Follow it with: spike operator rotate --status");
      out.println("When it is done: " + RECOVER_AGAIN);
      return 0;
    } catch (OperatorApiException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private void print(OperatorApi.RotationStatus s) {
    out.println("Root-key generation: " + s.generation());
    if (s.phase().isEmpty()) {
      out.println("No rotation was started.");
      return;
    }
    out.println(
        "Rotation to generation "
            + s.to()
            + ": "
            + s.phase()
            + " (new shards delivered to "
            + s.delivered()
            + " Keepers, "
            + s.resealed()
            + " rows re-sealed by this Nexus run)");
    if ("done".equals(s.phase())) {
      out.println(RECOVER_AGAIN);
    }
  }
}
