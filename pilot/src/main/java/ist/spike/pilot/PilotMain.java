package ist.spike.pilot;

import ist.spike.cli.BuildVersionProvider;
import ist.spike.cli.CliConventions;
import ist.spike.client.SpikeClient;
import ist.spike.pilot.audit.AuditCommand;
import ist.spike.pilot.cipher.CipherCommand;
import ist.spike.pilot.operator.PilotRoleEnv;
import ist.spike.pilot.policy.PolicyCommand;
import ist.spike.pilot.secret.SecretCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    PilotLogging.install(System.getenv());
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code =
        run(
            args,
            System.getenv(),
            out,
            System.out,
            err,
            System.in,
            SvidSetting.required(SpikeClient::fromEnvironment));
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
    Map<String, String> roleEnv;
    try {
      // one place for the role choice: every command (and the SDK client) sees the chosen SVID
      roleEnv = PilotRoleEnv.apply(env);
    } catch (IllegalArgumentException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return ApiErrors.FAILURE;
    }
    CommandLine cli = commandLine(new PilotContext(roleEnv, out, rawOut, err, in, clients));
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Builds Pilot's command tree (every command, with help, version and completion) for a context.
   *
   * @param ctx the context commands run with
   * @return the root command line, writing to the context's streams
   */
  public static CommandLine commandLine(PilotContext ctx) {
    CommandLine cli = new CommandLine(new PilotMain(), new Factory(ctx));
    cli.setOut(ctx.out());
    cli.setErr(ctx.err());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          ctx.err().println("Error: " + e.getMessage());
          ctx.err().flush();
          return ApiErrors.FAILURE;
        });
    registerOperatorCommands(cli, ctx);
    return CliConventions.apply(cli);
  }

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
