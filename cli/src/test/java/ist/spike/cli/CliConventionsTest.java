package ist.spike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

class CliConventionsTest {
  @Command(
      name = "tool",
      mixinStandardHelpOptions = true,
      versionProvider = BuildVersionProvider.class,
      subcommands = Group.class)
  static final class Root {}

  @Command(name = "group", mixinStandardHelpOptions = true, subcommands = Leaf.class)
  static final class Group {}

  @Command(name = "leaf", description = "needs a path")
  static final class Leaf implements Callable<Integer> {
    @Parameters(paramLabel = "<path>")
    String path;

    // like Pilot's secret commands: --version means something else here
    @picocli.CommandLine.Option(names = {"-v", "--version"})
    int version;

    @Override
    public Integer call() {
      return 7;
    }
  }

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliConventions.apply(new CommandLine(new Root()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_onLeafWithRequiredParameter_exitsZeroWithUsage() {
    for (String flag : new String[] {"-h", "--help"}) {
      Run r = run("group", "leaf", flag);
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Usage: tool group leaf").contains("<path>");
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void leaf_withoutHelp_stillRequiresItsParameter() {
    Run r = run("group", "leaf");
    assertThat(r.code()).isEqualTo(CliConventions.USAGE);
    assertThat(r.err()).contains("Missing required parameter");
  }

  @Test
  void noArguments_printsUsageAndExitsZero() {
    Run r = run();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: tool").contains("group").contains("help");
    Run group = run("group");
    assertThat(group.code()).isZero();
    assertThat(group.out()).contains("Usage: tool group").contains("leaf");
  }

  @Test
  void helpCommand_printsTheNamedCommandsUsage() {
    Run r = run("help", "group");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: tool group");
  }

  @Test
  void version_subcommandAndFlag_printTheSameBuildLine() {
    Run sub = run("version");
    Run flag = run("--version");
    Run nested = run("group", "-V"); // the group's own mixin
    assertThat(sub.code()).isZero();
    assertThat(sub.out()).startsWith(BuildInfo.current().versionLine());
    assertThat(flag.out()).isEqualTo(sub.out());
    assertThat(nested.out()).isEqualTo(sub.out());
  }

  @Test
  void buildInfo_isStampedByTheBuild() {
    BuildInfo info = BuildInfo.current();
    assertThat(info.version()).isNotEqualTo(BuildInfo.UNKNOWN).doesNotContain("${");
    // the build runs inside a git clone, so the commit is known
    assertThat(info.commit()).matches("[0-9a-f]{7,40}");
    assertThat(info.versionLine()).startsWith("SPIKE for Java " + info.version() + " (commit ");
  }

  @Test
  void completion_printsABashScriptForTheWholeTree() {
    Run help = run("completion", "--help");
    assertThat(help.out()).startsWith("Usage: tool completion");
    Run r = run("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("group").contains("leaf");
    assertThat(r.out()).contains("bashcompinit"); // zsh loads it too
  }
}
