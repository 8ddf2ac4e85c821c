package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.pilot.secret.SecretCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A command whose first argument names a top-level command is built with that branch only. */
class PilotCommandTreeTest {
  private static final ClientFactory NO_CLIENT =
      env -> {
        throw new AssertionError("no client needed");
      };

  @Test
  void topLevel_namesABranchOrNull() {
    assertThat(PilotMain.topLevel(new String[] {"secret", "get", "a"})).isEqualTo("secret");
    assertThat(PilotMain.topLevel(new String[] {"operator", "recover"})).isEqualTo("operator");
    assertThat(PilotMain.topLevel(new String[] {"--help"})).isNull();
    assertThat(PilotMain.topLevel(new String[] {"secrets"})).isNull();
    assertThat(PilotMain.topLevel(new String[] {"completion"})).isNull();
    assertThat(PilotMain.topLevel(new String[0])).isNull();
  }

  @Test
  void commandLine_oneBranch_hasThatBranchAndTheConventionCommandsOnly() {
    CommandLine cli = PilotMain.commandLine(context(new StringWriter()), "policy");
    assertThat(cli.getSubcommands().keySet())
        .containsExactlyInAnyOrder("policy", "help", "version", "completion");
    CommandLine full = PilotMain.commandLine(context(new StringWriter()));
    assertThat(full.getSubcommands().keySet())
        .contains("secret", "policy", "cipher", "audit", "operator", "help", "completion");
  }

  @Test
  void run_helpOfEveryBranch_sameAsWithTheWholeTree() {
    for (List<String> args :
        List.of(
            List.of("secret", "get", "--help"),
            List.of("secret", "--help"),
            List.of("policy", "create", "--help"),
            List.of("cipher", "encrypt", "--help"),
            List.of("audit", "--help"),
            List.of("operator", "restore", "--help"),
            List.of("secret", "get"),
            List.of("secret", "gett"))) {
      String[] a = args.toArray(String[]::new);
      assertThat(output(PilotMain.commandLine(context(new StringWriter()), a[0]), a))
          .as("%s", args)
          .isEqualTo(output(PilotMain.commandLine(context(new StringWriter())), a));
    }
  }

  @Test
  void leaf_namesASecretSubcommandOnly() {
    assertThat(PilotMain.leaf("secret", new String[] {"secret", "get", "a"}))
        .isEqualTo(getClass("Get"));
    assertThat(PilotMain.leaf("secret", new String[] {"secret", "gett"})).isNull();
    assertThat(PilotMain.leaf("secret", new String[] {"secret", "--help"})).isNull();
    assertThat(PilotMain.leaf("secret", new String[] {"secret"})).isNull();
    assertThat(PilotMain.leaf("policy", new String[] {"policy", "create"})).isNull();
  }

  @Test
  void commandLine_leaf_secretHoldsThatCommandOnly() {
    String[] args = {"secret", "get", "a"};
    CommandLine cli =
        PilotMain.commandLine(
            context(new StringWriter()), "secret", PilotMain.leaf("secret", args));
    assertThat(cli.getSubcommands().get("secret").getSubcommands().keySet()).containsExactly("get");
  }

  @Test
  void run_secretLeaf_sameOutputAsWithTheWholeTree() {
    for (List<String> args :
        List.of(
            List.of("secret", "get", "--help"),
            List.of("secret", "get"),
            List.of("secret", "get", "a", "b", "c"),
            List.of("secret", "get", "-x", "a"),
            List.of("secret", "get", "-v", "x", "a"),
            List.of("secret", "get", "bad path!"),
            List.of("secret", "put", "--help"),
            List.of("secret", "put"),
            List.of("secret", "list", "--help"),
            List.of("secret", "delete", "--help"),
            List.of("secret", "metadata", "get", "--help"),
            List.of("secret", "metadata", "--help"),
            List.of("secret", "metadata"))) {
      String[] a = args.toArray(String[]::new);
      assertThat(
              output(
                  PilotMain.commandLine(context(new StringWriter()), a[0], PilotMain.leaf(a[0], a)),
                  a))
          .as("%s", args)
          .isEqualTo(output(PilotMain.commandLine(context(new StringWriter())), a));
    }
  }

  /** The bare copy carries every attribute of the group's annotation except its subcommands. */
  @Test
  void bareSecretGroup_sameAnnotationLessSubcommands() throws Exception {
    Command group = SecretCommand.class.getAnnotation(Command.class);
    Command bare = SecretCommand.Bare.class.getAnnotation(Command.class);
    for (Method attribute : Command.class.getDeclaredMethods()) {
      if (attribute.getName().equals("subcommands")) {
        assertThat((Class<?>[]) attribute.invoke(bare)).isEmpty();
        continue;
      }
      assertThat(attribute.invoke(bare)).as(attribute.getName()).isEqualTo(attribute.invoke(group));
    }
  }

  private static Class<?> getClass(String simpleName) {
    for (Class<?> c : SecretCommand.class.getDeclaredClasses()) {
      if (c.getSimpleName().equals(simpleName)) {
        return c;
      }
    }
    throw new AssertionError(simpleName);
  }

  private static String output(CommandLine cli, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return code + "\n" + out + "\n---\n" + err;
  }

  /** A context whose output and errors go to {@code sink} and which opens no client. */
  static PilotContext context(StringWriter sink) {
    return new PilotContext(
        Map.of(),
        new PrintWriter(sink, true),
        new ByteArrayOutputStream(),
        new PrintWriter(sink, true),
        new ByteArrayInputStream(new byte[0]),
        NO_CLIENT);
  }
}
