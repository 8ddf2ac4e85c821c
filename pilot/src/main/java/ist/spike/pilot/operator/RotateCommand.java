package ist.spike.pilot.operator;

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

  private final KeptRootKeyCommand command;

  RotateCommand(
      Map<String, String> env, OperatorApiFactory apis, PrintWriter out, PrintWriter err) {
    this.command = new KeptRootKeyCommand(env, apis, out, err, "rotate", RECOVER_AGAIN);
  }

  @Override
  public Integer call() {
    return command.run(status, api -> print(api.rotationStatus()), this::start);
  }

  private void start(OperatorApi api) throws OperatorApiException {
    OperatorApi.RotationStatus s = api.rotate();
    command.printStarted(
        "Root-key rotation started (generation "
            + s.generation()
            + " -> "
            + (s.generation() + 1)
            + "); Nexus keeps serving meanwhile.");
  }

  private void print(OperatorApi.RotationStatus s) {
    command.out().println("Root-key generation: " + s.generation());
    command.printProgress(
        s.phase(),
        "No rotation was started.",
        "Rotation to generation "
            + s.to()
            + ": "
            + s.phase()
            + " (new shards delivered to "
            + s.delivered()
            + " Keepers, "
            + s.resealed()
            + " rows re-sealed by this Nexus run)");
    command.printStopped(
        s.phase(), s.retries(), s.retryIn(), s.stoppedBy(), "`spike operator rotate`");
  }
}
