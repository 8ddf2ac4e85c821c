package ist.spike.dist;

import ist.spike.cli.BuildVersionProvider;
import ist.spike.cli.CliConventions;
import ist.spike.dist.stack.DevIdentities;
import ist.spike.dist.stack.DevRecoveryFiles;
import ist.spike.dist.stack.DevStack;
import ist.spike.dist.stack.ReadyzProbe;
import ist.spike.dist.stack.StackLock;
import ist.spike.dist.stack.StackOptions;
import ist.spike.dist.stack.StackReset;
import ist.spike.dist.stack.StackStartException;
import ist.spike.dist.stack.SvidRenewer;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code bin/spike-dev}: without a subcommand it runs the whole SPIKE system on this
 * machine (see {@link DevStack}) until Ctrl-C or SIGTERM.
 */
@Command(
    name = "spike-dev",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersionProvider.class,
    description = {
      "Runs SPIKE for Java on this machine for development: a development trust domain, Nexus,",
      "N Keepers and Bootstrap, each its own process on 127.0.0.1, restarted if it dies.",
      "Prints one ready line, writes DIR/env for bin/spike, and stops everything on Ctrl-C."
    },
    subcommands = {SvidCommand.class})
public final class DevMain implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Stack directory: SVIDs, Nexus data, logs, env (default: ${DEFAULT-VALUE}).",
      defaultValue = ".spike-dev")
  Path dir;

  @Option(
      names = "--keepers",
      paramLabel = "N",
      description = "Number of Keepers = shards (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int keepers;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description = "Shards needed to rebuild the root key (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int threshold;

  @Option(
      names = "--backend",
      paramLabel = "KIND",
      description = "sqlite, memory or lite (default: ${DEFAULT-VALUE}).",
      defaultValue = "sqlite")
  String backend;

  @Option(
      names = "--no-bootstrap",
      description = "Start with empty Keepers; Nexus waits for `spike operator restore`.")
  boolean noBootstrap;

  @Option(
      names = "--keeper-interval",
      paramLabel = "DURATION",
      description =
          "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL for Nexus: how often it checks every Keeper's shard,"
              + " at most 5s, e.g. 1s or PT1S (default: ${DEFAULT-VALUE}).",
      defaultValue = "2s")
  String keeperInterval;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description =
          "Lifetime of the stack's SVIDs, e.g. 30s or 24h; they are renewed every third of it"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "24h")
  String ttl;

  @Option(
      names = "--reset",
      description =
          "Wipe Nexus's data and the dev recovery files in DIR first: a new root key, no secrets.")
  boolean reset;

  DevMain() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns {@code spike-dev}'s command line with the shared conventions (help, version, ...). */
  static CommandLine commandLine() {
    return CliConventions.apply(new CommandLine(new DevMain()));
  }

  @Override
  public Integer call() throws Exception {
    StackOptions options;
    Duration svidTtl;
    try {
      options =
          new StackOptions(
              dir,
              keepers,
              threshold,
              backend,
              !noBootstrap,
              parseDuration("--keeper-interval", keeperInterval));
      svidTtl = parseDuration("--ttl", ttl);
    } catch (IllegalArgumentException e) {
      System.err.println("spike-dev: " + e.getMessage());
      return 2;
    }
    Path stackDir = options.dir().toAbsolutePath().normalize();
    StackLock lock;
    try {
      lock = StackLock.acquire(stackDir);
    } catch (StackStartException e) {
      System.err.println("spike-dev: " + e.getMessage());
      return 1;
    }
    if (reset) {
      StackReset.wipe(stackDir);
      System.out.println("spike-dev: --reset: removed Nexus's data and the dev recovery files");
    }
    DevTrustDomain td = DevTrustDomain.create(stackDir.resolve("trust"));
    SvidRenewer renewer;
    try {
      renewer = SvidRenewer.start(td, svidTtl, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("spike-dev: " + e.getMessage());
      return 2;
    }
    DevIdentities identities = new DevIdentities(td);
    ReadyzProbe probe = new ReadyzProbe(td);
    DevStack stack;
    try {
      stack = DevStack.start(options, identities, probe, System.out);
    } catch (StackStartException e) {
      probe.close();
      renewer.close();
      System.err.println("spike-dev: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("spike-dev: stopping every component...");
                  renewer.close();
                  stack.close();
                  probe.close();
                  System.out.println("spike-dev: stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "spike-dev-shutdown"));
    DevRecoveryFiles recovery = new DevRecoveryFiles(stackDir, identities);
    if (options.usesKeepers() && stack.bootstrapStatus().orElse(-1) == REFUSED_REKEY) {
      restoreOrExplain(stack, recovery);
    }
    boolean ready = stack.isNexusReady();
    if (ready && options.usesKeepers()) {
      String problem = recovery.save(stack.nexusUrl());
      if (problem != null) {
        System.out.println("spike-dev: could not write the dev recovery files: " + problem);
      }
    }
    System.out.println(stack.readyLine(ready));
    System.out.flush();
    stopped.await();
    lock.close();
    return 0;
  }

  /** Bootstrap's exit status when Nexus already holds data (it refuses to replace the key). */
  static final int REFUSED_REKEY = 3;

  private static void restoreOrExplain(DevStack stack, DevRecoveryFiles recovery)
      throws java.io.IOException, InterruptedException {
    if (!recovery.present().isEmpty()) {
      System.out.println(
          "spike-dev: Nexus holds data from an earlier run; restoring its root key from "
              + recovery.files());
      String problem = recovery.restore(stack);
      if (problem == null) {
        return;
      }
      System.out.println("spike-dev: restore failed: " + problem);
    }
    Path dir = stack.options().dir().toAbsolutePath().normalize();
    System.out.println(
        "spike-dev: Nexus in "
            + dir.resolve("nexus")
            + " holds data from an earlier run and "
            + recovery.files()
            + " has no usable recovery files. Either restore it with your own files, "
            + THRESHOLD_TIMES
            + ", or start again with --reset to wipe the data.");
  }

  private static final String THRESHOLD_TIMES =
      "`. DIR/env; SPIKE_PILOT_ROLE=restore bin/spike operator restore < FILE` once per shard up to"
          + " the threshold";

  static Duration parseDuration(String option, String text) {
    return ist.spike.identity.config.GoDuration.tryParse(text)
        .or(
            () -> {
              try {
                return java.util.Optional.of(Duration.parse(text));
              } catch (java.time.format.DateTimeParseException e) {
                return java.util.Optional.empty();
              }
            })
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    option + " must be a duration such as 5s or 1m, got '" + text + "'"));
  }
}
