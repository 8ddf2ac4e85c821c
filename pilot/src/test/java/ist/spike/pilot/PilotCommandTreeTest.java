package ist.spike.pilot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

  private static String output(CommandLine cli, String[] args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return code + "\n" + out + "\n---\n" + err;
  }

  private static PilotContext context(StringWriter sink) {
    return new PilotContext(
        Map.of(),
        new PrintWriter(sink, true),
        new ByteArrayOutputStream(),
        new PrintWriter(sink, true),
        new ByteArrayInputStream(new byte[0]),
        NO_CLIENT);
  }
}
