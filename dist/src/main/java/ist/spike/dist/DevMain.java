package ist.spike.dist;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/spike-dev}: the development stack and its tools. */
@Command(
    name = "spike-dev",
    mixinStandardHelpOptions = true,
    versionProvider = DevMain.VersionProvider.class,
    description = "Runs SPIKE for Java on this machine for development.",
    subcommands = {VersionCommand.class, SvidCommand.class})
public final class DevMain {
  DevMain() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DevMain()).execute(args));
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"spike-java " + Version.current()};
    }
  }
}
