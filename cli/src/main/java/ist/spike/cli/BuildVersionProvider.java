package ist.spike.cli;

import picocli.CommandLine;

/**
 * Picocli version provider shared by every tool: {@link BuildInfo#versionLine()} and the Java
 * runtime it runs on.
 */
public final class BuildVersionProvider implements CommandLine.IVersionProvider {
  /** Creates the provider (picocli instantiates it). */
  public BuildVersionProvider() {}

  @Override
  public String[] getVersion() {
    return new String[] {
      BuildInfo.current().versionLine(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
