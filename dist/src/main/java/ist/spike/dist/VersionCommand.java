package ist.spike.dist;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spike-dev version}: prints the build version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the SPIKE for Java version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .printf(
            "spike-java %s (Java %s, %s)%n",
            Version.current(), Runtime.version(), System.getProperty("java.vm.name"));
    return 0;
  }
}
