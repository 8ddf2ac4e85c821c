package ist.spike.pilot.operator;

import ist.spike.pilot.PilotContext;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spike operator}: break-glass root-key commands ({@code recover}, {@code restore}, and the
 * offline {@code verify-shard}).
 */
@Command(
    name = "operator",
    description =
        "Break-glass root-key operations (save recovery shards, check them, restore from them),"
            + " root-key rotation and data snapshots.",
    mixinStandardHelpOptions = true)
public final class OperatorCommand {
  private OperatorCommand() {}

  /**
   * Adds {@code operator recover|restore} to Pilot's command line.
   *
   * @param cli Pilot's root command line
   * @param ctx the environment and streams
   */
  public static void register(CommandLine cli, PilotContext ctx) {
    register(cli, ctx, new SvidOperatorApiFactory());
  }

  static void register(CommandLine cli, PilotContext ctx, OperatorApiFactory apis) {
    CommandLine operator = new CommandLine(new OperatorCommand());
    operator.addSubcommand(
        "recover", new CommandLine(new RecoverCommand(ctx.env(), apis, ctx.out(), ctx.err())));
    operator.addSubcommand(
        "restore",
        new CommandLine(
            new RestoreCommand(
                ctx.env(),
                apis,
                ctx.in() == System.in ? interactiveConsole() : Optional.empty(),
                ctx.in(),
                ctx.out(),
                ctx.err())));
    operator.addSubcommand(
        "verify-shard",
        new CommandLine(
            new VerifyShardCommand(
                ctx.in() == System.in ? interactiveConsole() : Optional.empty(),
                ctx.in(),
                ctx.out(),
                ctx.err())));
    operator.addSubcommand(
        "rotate", new CommandLine(new RotateCommand(ctx.env(), apis, ctx.out(), ctx.err())));
    operator.addSubcommand(
        "rekey", new CommandLine(new RekeyCommand(ctx.env(), apis, ctx.out(), ctx.err())));
    operator.addSubcommand(
        "snapshot",
        new CommandLine(new SnapshotCommand(ctx))
            .addSubcommand("restore", new CommandLine(new SnapshotCommand.Restore(ctx))));
    cli.addSubcommand("operator", operator);
  }

  /**
   * The console when standard input and output are a terminal. From JDK 22 {@code System.console()}
   * also answers when they are redirected; {@code Console.isTerminal()} (looked up reflectively, as
   * this code targets Java 21) tells the two apart.
   */
  static Optional<java.io.Console> interactiveConsole() {
    java.io.Console console = System.console();
    if (console == null) {
      return Optional.empty();
    }
    try {
      Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal) ? Optional.of(console) : Optional.empty();
    } catch (ReflectiveOperationException e) {
      return Optional.of(console);
    }
  }
}
