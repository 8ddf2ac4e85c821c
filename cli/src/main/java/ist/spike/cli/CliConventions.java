package ist.spike.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Gives a tool's root command the shared conventions: {@code help [COMMAND]}, {@code version},
 * {@code completion} (a bash script that zsh loads through {@code bashcompinit}), and usage on
 * standard output, exit 0, when a command group is run without a subcommand.
 *
 * <p>{@code -h/--help} and {@code -V/--version} on every subcommand come from the root's
 * {@code @Command(mixinStandardHelpOptions = true, scope = ScopeType.INHERIT)}; call {@link #apply}
 * after every subcommand is registered so that the added commands inherit them too.
 */
public final class CliConventions {
  /** Exit code of a usage error (picocli's default). */
  public static final int USAGE = 2;

  private CliConventions() {}

  /**
   * Adds the shared subcommands and the execution strategy.
   *
   * @param root the tool's root command line
   * @return {@code root}
   */
  public static CommandLine apply(CommandLine root) {
    requireNonNull(root, "root");
    root.addSubcommand("help", new CommandLine.HelpCommand());
    root.addSubcommand("version", new VersionCommand());
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().name("completion").usageMessage().hidden(false);
    completion
        .getCommandSpec()
        .usageMessage()
        .description(
            "Print a bash completion script for ${ROOT-COMMAND-NAME}; zsh loads it too.",
            "Use: source <(${ROOT-COMMAND-NAME} completion)");
    root.addSubcommand("completion", completion);
    addHelpOptions(root, root.getCommandSpec().versionProvider());
    // commands added above do not see streams and handlers set on the root before
    root.setOut(root.getOut());
    root.setErr(root.getErr());
    if (root.getExecutionExceptionHandler() != null) {
      root.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
    }
    CommandLine.IExecutionStrategy next = root.getExecutionStrategy();
    root.setExecutionStrategy(parseResult -> execute(parseResult, next));
    return root;
  }

  private static void addHelpOptions(
      CommandLine command, CommandLine.IVersionProvider versionProvider) {
    CommandSpec spec = command.getCommandSpec();
    if (spec.versionProvider() == null && spec.version().length == 0 && versionProvider != null) {
      spec.versionProvider(versionProvider); // a group's own -V prints the one version too
    }
    boolean hasHelp = spec.options().stream().anyMatch(OptionSpec::usageHelp);
    if (!hasHelp) {
      String[] names =
          spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
      if (spec.findOption("--help") == null) {
        spec.addOption(
            OptionSpec.builder(names)
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      addHelpOptions(sub, versionProvider);
    }
  }

  private static int execute(ParseResult parseResult, CommandLine.IExecutionStrategy next) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    CommandLine command = last.commandSpec().commandLine();
    Object user = command.getCommand();
    boolean runnable = user instanceof Runnable || user instanceof Callable;
    if (!runnable && !command.getSubcommands().isEmpty()) {
      command.usage(command.getOut());
      command.getOut().flush();
      return 0;
    }
    return next.execute(parseResult);
  }
}
