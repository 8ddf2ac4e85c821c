package ist.spike.spa.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Options every per-user command takes: {@code --user}, {@code --home}, {@code --code-stdin}. */
abstract class UserCommand implements Callable<Integer> {
  @ParentCommand SpaRecoveryCli cli;

  @Option(names = "--user", required = true, description = "User id (a directory name).")
  String user;

  @Option(
      names = "--home",
      description = "Storage root (default: $SPA_RECOVERY_HOME or ~/.spa-recovery).")
  Path home;

  @Option(
      names = "--code-stdin",
      description = "Read the recovery code from the first line of standard input.")
  boolean codeStdin;

  SpaRecoveryCli.Session session() throws IOException, CliException {
    return session(false);
  }

  SpaRecoveryCli.Session session(boolean create) throws IOException, CliException {
    if (home != null) {
      cli.home = home;
    }
    return cli.new Session(user, codeStdin, create);
  }
}
