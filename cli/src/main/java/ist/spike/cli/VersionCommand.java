package ist.spike.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code TOOL version}: prints what {@code TOOL --version} prints. */
@Command(name = "version", description = "Print the SPIKE for Java version and build commit.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Creates the command. */
  public VersionCommand() {}

  @Override
  public Integer call() {
    spec.root().commandLine().printVersionHelp(spec.commandLine().getOut());
    return 0;
  }
}
