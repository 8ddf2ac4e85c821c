package ist.spike.pilot;

import ist.spike.cli.BuildVersionProvider;
import ist.spike.cli.CliConventions;
import ist.spike.pilot.audit.AuditCommand;
import ist.spike.pilot.cipher.CipherCommand;
import ist.spike.pilot.operator.PilotRoleEnv;
import ist.spike.pilot.policy.PolicyCommand;
import ist.spike.pilot.secret.QuickGet;
import ist.spike.pilot.secret.SecretCommand;
import ist.spike.pilot.transit.TransitCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code spike}: SPIKE Pilot's entry point. Data goes to standard output, messages and errors to
 * standard error. {@code SPIKE_PILOT_ROLE} ({@link PilotRoleEnv}) selects the SVID for every
 * command. Exit codes: 0 success, 1 a failed operation (API error, invalid input, missing SVID), 2
 * a usage error.
 */
@Command(
    name = "spike",
    description = "SPIKE Pilot: manage secrets, policies and encryption in SPIKE Nexus.",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersionProvider.class,
    subcommands = {
      SecretCommand.class,
      PolicyCommand.class,
      CipherCommand.class,
      TransitCommand.class,
      AuditCommand.class
    })
public final class PilotMain {
  /** Exit code of a usage error. */
  public static final int USAGE = 2;

  private PilotMain() {}

  /**
   * Runs Pilot and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    PilotLogging.install(env);
    // the SVID and TLS context load on a second thread while picocli runs here (ADR 0238)
    ClientFactory clients =
        EarlyClient.start(
            args, env, SvidSetting.required(ClientFactory::fromEnvironment), System.err);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, env, out, System.out, err, System.in, clients);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs Pilot without exiting (for tests and embedding).
   *
   * @param args the arguments
   * @param env the environment
   * @param out standard output (text)
   * @param rawOut standard output (bytes)
   * @param err standard error
   * @param in standard input
   * @param clients opens the SDK client
   * @return the exit code
   */
  public static int run(
      String[] args,
      Map<String, String> env,
      PrintWriter out,
      OutputStream rawOut,
      PrintWriter err,
      InputStream in,
      ClientFactory clients) {
    return run(args, env, out, rawOut, err, in, clients, true);
  }

  /**
   * As {@link #run(String[], Map, PrintWriter, OutputStream, PrintWriter, InputStream,
   * ClientFactory)}; {@code quick} false sends every command line through picocli (for tests that
   * compare the two paths).
   */
  static int run(
      String[] args,
      Map<String, String> env,
      PrintWriter out,
      OutputStream rawOut,
      PrintWriter err,
      InputStream in,
      ClientFactory clients,
      boolean quick) {
    Map<String, String> roleEnv;
    try {
      // one place for the role choice: every command (and the SDK client) sees the chosen SVID
      roleEnv = PilotRoleEnv.apply(env);
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return ApiErrors.FAILURE;
    }
    PilotContext ctx = new PilotContext(roleEnv, out, rawOut, err, in, clients);
    // the hottest command without picocli's tree when its line is plainly well-formed (ADR 0244)
    Optional<QuickGet.Arguments> get = quick ? QuickGet.parse(args) : Optional.empty();
    int code =
        get.isPresent() ? execute(ctx, QuickGet.command(ctx, get.get())) : picocli(ctx, args);
    out.flush();
    err.flush();
    return code;
  }

  private static int picocli(PilotContext ctx, String[] args) {
    String top = topLevel(args);
    CommandLine cli = commandLine(ctx, top, top == null ? null : leaf(top, args));
    return cli.execute(args);
  }

  /**
   * Runs a command as picocli's {@code execute} does once it has parsed: its result is the exit
   * code, and an exception goes to Pilot's handler ({@link #failed}).
   */
  static int execute(PilotContext ctx, Callable<Integer> command) {
    try {
      return command.call();
    } catch (Exception e) {
      return failed(ctx, e);
    }
  }

  /** Pilot's handler of an exception a command throws: one line on standard error, exit 1. */
  static int failed(PilotContext ctx, Exception e) {
    ctx.err().println("Error: " + e.getMessage());
    ctx.err().flush();
    return ApiErrors.FAILURE;
  }

  /**
   * Builds Pilot's command tree (every command, with help, version and completion) for a context.
   *
   * @param ctx the context commands run with
   * @return the root command line, writing to the context's streams
   */
  public static CommandLine commandLine(PilotContext ctx) {
    return commandLine(ctx, null);
  }

  /**
   * Builds Pilot's command tree with only the top-level command {@code only} below the root, or the
   * whole tree when {@code only} is null. picocli reflects over every command and option of the
   * tree it is given, which was a third of a short command's start (issue 13), so a command whose
   * first argument names a top-level command gets that branch only; anything else (help,
   * completion, an unknown or misspelled command) gets the whole tree, whose messages list every
   * command.
   */
  static CommandLine commandLine(PilotContext ctx, String only) {
    return commandLine(ctx, only, null);
  }

  /**
   * As {@link #commandLine(PilotContext, String)}; when {@code leaf} is set (see {@link #leaf}),
   * the group {@code only} holds that one subcommand: {@code spike secret get} reflects over {@code
   * get} alone, not over the group's seven other commands (issue 13, ADR 0226).
   */
  static CommandLine commandLine(PilotContext ctx, String only, Class<?> leaf) {
    Factory factory = new Factory(ctx);
    CommandLine cli;
    if (only == null) {
      cli = new CommandLine(new PilotMain(), factory);
    } else {
      cli = new CommandLine(new OneBranch(), factory);
      if (only.equals(OPERATOR)) {
        registerOperatorCommands(cli, ctx);
      } else if (leaf != null) {
        CommandLine group = new CommandLine(BARE_GROUPS.get(only), factory);
        group.addSubcommand(new CommandLine(leaf, factory));
        cli.addSubcommand(group);
      } else {
        cli.addSubcommand(new CommandLine(Branches.BY_NAME.get(only), factory));
      }
    }
    cli.setOut(ctx.out());
    cli.setErr(ctx.err());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(ctx, e));
    if (only == null) {
      registerOperatorCommands(cli, ctx);
    }
    return CliConventions.apply(cli);
  }

  /** The top-level command named by the first argument, or null when it names none. */
  static String topLevel(String[] args) {
    if (args.length == 0) {
      return null;
    }
    String first = args[0];
    return first.equals(OPERATOR) || Branches.BY_NAME.containsKey(first) ? first : null;
  }

  /**
   * The subcommand of group {@code top} that the second argument names, when {@code top} has a bare
   * copy in {@link #BARE_GROUPS}; else null (the whole group is built, so that help, a misspelt
   * name and the group's own usage list every subcommand).
   */
  static Class<?> leaf(String top, String[] args) {
    if (args.length < 2 || !BARE_GROUPS.containsKey(top)) {
      return null;
    }
    for (Class<?> c : Branches.BY_NAME.get(top).getAnnotation(Command.class).subcommands()) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(args[1]) || List.of(command.aliases()).contains(args[1])) {
        return c;
      }
    }
    return null;
  }

  /**
   * Groups with a copy of their {@code @Command} without subcommands, for {@link #leaf}: only the
   * secret commands, the ones run most often (the copy's output is tested equal to the group's).
   */
  private static final Map<String, Class<?>> BARE_GROUPS =
      Map.of("secret", SecretCommand.Bare.class);

  private static final String OPERATOR = "operator";

  /**
   * The annotated top-level commands by name (the operator commands are registered apart). Read on
   * first use: the first annotation read of a process costs about 25 ms (ADR 0239), which a command
   * line read without picocli (ADR 0244) does not need.
   */
  private static final class Branches {
    static final Map<String, Class<?>> BY_NAME = branches();

    private static Map<String, Class<?>> branches() {
      Map<String, Class<?>> byName = new java.util.HashMap<>();
      for (Class<?> c : PilotMain.class.getAnnotation(Command.class).subcommands()) {
        Command command = c.getAnnotation(Command.class);
        byName.put(command.name(), c);
        for (String alias : command.aliases()) {
          byName.put(alias, c);
        }
      }
      return Map.copyOf(byName);
    }
  }

  /** The root when only one branch is built: {@code spike} as above, without subcommands. */
  @Command(
      name = "spike",
      description = "SPIKE Pilot: manage secrets, policies and encryption in SPIKE Nexus.",
      mixinStandardHelpOptions = true,
      versionProvider = BuildVersionProvider.class)
  static final class OneBranch {}

  /**
   * Hook for the root-key custody commands ({@code spike operator recover|restore}), which live in
   * {@code ist.spike.pilot.operator}. Registered here so that {@code spike} has one root command.
   */
  static void registerOperatorCommands(CommandLine cli, PilotContext ctx) {
    ist.spike.pilot.operator.OperatorCommand.register(cli, ctx);
  }

  /** Creates commands, passing the context to constructors that take one. */
  private static final class Factory implements CommandLine.IFactory {
    private final PilotContext ctx;

    Factory(PilotContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        Constructor<K> c = cls.getDeclaredConstructor(PilotContext.class);
        c.setAccessible(true);
        return c.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
