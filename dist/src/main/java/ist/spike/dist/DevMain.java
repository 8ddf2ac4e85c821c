package ist.spike.dist;

import ist.spike.dist.stack.DevIdentities;
import ist.spike.dist.stack.DevStack;
import ist.spike.dist.stack.ReadyzProbe;
import ist.spike.dist.stack.StackOptions;
import ist.spike.dist.stack.StackStartException;
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
    versionProvider = DevMain.VersionProvider.class,
    description = {
      "Runs SPIKE for Java on this machine for development: a development trust domain, Nexus,",
      "N Keepers and Bootstrap, each its own process on 127.0.0.1, restarted if it dies.",
      "Prints one ready line, writes DIR/env for bin/spike, and stops everything on Ctrl-C."
    },
    subcommands = {VersionCommand.class, SvidCommand.class})
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
      description =
          "sqlite, memory, lite or postgres (a PostgreSQL server in DIR/postgres; default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "sqlite")
  String backend;

  @Option(
      names = "--nexus",
      paramLabel = "N",
      description =
          "Nexus instances sharing the data; more than 1 needs --backend postgres"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int nexusCount;

  @Option(
      names = "--no-bootstrap",
      description = "Start with empty Keepers; Nexus waits for `spike operator restore`.")
  boolean noBootstrap;

  @Option(
      names = "--keeper-interval",
      paramLabel = "DURATION",
      description =
          "SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL for Nexus, e.g. 5s or PT5S (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String keeperInterval;

  DevMain() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DevMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    StackOptions options;
    try {
      options =
          new StackOptions(
              dir,
              keepers,
              threshold,
              backend,
              !noBootstrap,
              parseDuration(keeperInterval),
              nexusCount);
    } catch (IllegalArgumentException e) {
      System.err.println("spike-dev: " + e.getMessage());
      return 2;
    }
    DevTrustDomain td = DevTrustDomain.create(options.dir().toAbsolutePath().resolve("trust"));
    ReadyzProbe probe = new ReadyzProbe(td);
    DevStack stack;
    try {
      stack = DevStack.start(options, new DevIdentities(td), probe, System.out);
    } catch (StackStartException e) {
      probe.close();
      System.err.println("spike-dev: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("spike-dev: stopping every component...");
                  stack.close();
                  probe.close();
                  System.out.println("spike-dev: stopped");
                  System.out.flush();
                  stopped.countDown();
                },
                "spike-dev-shutdown"));
    System.out.println(stack.readyLine(stack.isNexusReady()));
    System.out.flush();
    stopped.await();
    return 0;
  }

  static Duration parseDuration(String text) {
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
                    "--keeper-interval must be a duration such as 5s or 1m, got '" + text + "'"));
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"spike-java " + Version.current()};
    }
  }
}
