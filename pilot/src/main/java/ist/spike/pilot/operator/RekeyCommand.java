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
 * {@code spike operator rekey --threshold T --shares N [--confirm-recovery-files] | --status}:
 * re-splits the root key to the Keepers Nexus is configured with, or shows the split in force
 * (superuser; ADR-0163). Exit 0 on success, 1 when Nexus refuses or cannot be reached, 2 on a usage
 * error.
 */
@Command(
    name = "rekey",
    description = {
      "Split the same root key anew to another number of Keepers or with another threshold",
      "(superuser). First restart Nexus with the new SPIKE_NEXUS_KEEPER_PEERS,",
      "SPIKE_NEXUS_SHAMIR_SHARES and SPIKE_NEXUS_SHAMIR_THRESHOLD; until the rekey it keeps serving",
      "the split the Keepers hold. Then run this command with the same values: Nexus refuses",
      "values that differ from its configuration. Nothing stored is re-sealed. When it is done,",
      "earlier recovery files no longer restore: run `spike operator recover` again, and stop",
      "Keepers that are no longer configured.",
      "With --status: show the split in force and the last rekey's progress."
    },
    mixinStandardHelpOptions = true)
final class RekeyCommand implements Callable<Integer> {
  static final String RECOVER_AGAIN =
      "Recovery files saved before this rekey no longer restore: run `spike operator recover`"
          + " (SPIKE_PILOT_ROLE=recover) again and store the new files; stop the Keepers that are"
          + " no longer in SPIKE_NEXUS_KEEPER_PEERS.";

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description = "Shards needed to rebuild the root key (= SPIKE_NEXUS_SHAMIR_THRESHOLD).")
  Integer threshold;

  @Option(
      names = "--shares",
      paramLabel = "N",
      description = "Keepers holding a shard (= SPIKE_NEXUS_SHAMIR_SHARES).")
  Integer shares;

  @Option(
      names = "--confirm-recovery-files",
      description =
          "Confirm you hold the current recovery files; Nexus asks for it when a crash during the"
              + " delivery could leave no Keeper quorum.")
  boolean confirmRecoveryFiles;

  @Option(names = "--status", description = "Show the split and progress instead of rekeying.")
  boolean status;

  private final KeptRootKeyCommand command;
  private final PrintWriter err;

  RekeyCommand(Map<String, String> env, OperatorApiFactory apis, PrintWriter out, PrintWriter err) {
    this.command = new KeptRootKeyCommand(env, apis, out, err, "rekey", RECOVER_AGAIN);
    this.err = requireNonNull(err, "err");
  }

  @Override
  public Integer call() {
    if (!status && (threshold == null || shares == null)) {
      err.println(
          "Error: give --threshold and --shares (the SPIKE_NEXUS_SHAMIR_THRESHOLD and"
              + " SPIKE_NEXUS_SHAMIR_SHARES Nexus was restarted with), or --status");
      err.flush();
      return 2;
    }
    return command.run(status, api -> print(api.rekeyStatus()), this::start);
  }

  private void start(OperatorApi api) throws OperatorApiException {
    OperatorApi.RekeyStatus s = api.rekey(threshold, shares, confirmRecoveryFiles);
    command.printStarted(
        "Rekey started: the root key is split "
            + threshold
            + "-of-"
            + shares
            + " (was threshold "
            + s.threshold()
            + "); Nexus keeps serving meanwhile.");
  }

  private void print(OperatorApi.RekeyStatus s) {
    command
        .out()
        .println(
            "Split in force: "
                + s.threshold()
                + " of the shards are needed; "
                + s.shares()
                + " Keepers are configured");
    command.printProgress(
        s.phase(),
        "No rekey was recorded since the last rotation.",
        "Rekey from threshold "
            + s.from()
            + " to "
            + s.to()
            + ": "
            + s.phase()
            + " (new shards delivered to "
            + s.delivered()
            + " Keepers by this Nexus run)");
    command.printStopped(
        s.phase(),
        s.retries(),
        s.retryIn(),
        s.stoppedBy(),
        "`spike operator rekey --threshold " + s.to() + " --shares " + s.shares() + "`");
  }
}
