package ist.spike.dist;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.cli.BuildInfo;
import ist.spike.pilot.PilotContext;
import ist.spike.pilot.PilotMain;
import ist.spike.spa.cli.SpaRecoveryCli;
import ist.spike.spa.group.FrostGroup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command of {@code spike}, {@code spa-recovery} and {@code spike-dev} answers {@code -h} and
 * {@code --help} with its usage on standard output and exit 0; {@code help}, {@code version} and
 * {@code completion} work the same in all three tools.
 */
class CommandLineConventionsTest {
  record Run(int code, String out, String err) {}

  /** A tool: runs a fresh command line in this JVM and collects its output. */
  interface Tool extends Function<String[], Run> {}

  private static final Tool SPIKE =
      args -> {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
            PilotMain.run(
                args,
                Map.of(),
                new PrintWriter(out),
                new ByteArrayOutputStream(),
                new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]),
                env -> {
                  throw new AssertionError("help must not open a client");
                });
        return new Run(code, out.toString(), err.toString());
      };

  private static final Tool SPA =
      args -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = spa(out, err).run(args);
        return new Run(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
      };

  private static final Tool DEV =
      args -> {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DevMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
      };

  private static SpaRecoveryCli spa(ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return new SpaRecoveryCli(
        new FrostGroup(new SecureRandom()),
        Map.of("SPA_RECOVERY_HOME", "/nonexistent/spa-conventions-test"),
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static CommandLine spikeTree() {
    return PilotMain.commandLine(
        new PilotContext(
            Map.of(),
            new PrintWriter(new StringWriter()),
            new ByteArrayOutputStream(),
            new PrintWriter(new StringWriter()),
            new ByteArrayInputStream(new byte[0]),
            env -> {
              throw new AssertionError();
            }));
  }

  private static CommandLine spaTree() {
    return spa(new ByteArrayOutputStream(), new ByteArrayOutputStream()).commandLine();
  }

  /** Every command path below the root, for example [secret, put]. */
  private static List<List<String>> paths(CommandLine root) {
    List<List<String>> all = new ArrayList<>();
    walk(root, new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine cl, List<String> prefix, List<List<String>> all) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (!e.getValue().getCommandName().equals(e.getKey())) {
        continue; // an alias; its command is visited under its own name
      }
      assertThat(e.getValue().getCommandSpec().usageMessage().hidden())
          .as("%s is listed in the usage", e.getKey())
          .isFalse();
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      all.add(path);
      walk(e.getValue(), path, all);
    }
  }

  private static void everyCommandAnswersHelp(String name, CommandLine tree, Tool tool) {
    List<List<String>> paths = paths(tree);
    paths.add(List.of());
    assertThat(paths).hasSizeGreaterThan(4);
    assertThat(paths).contains(List.of("help"), List.of("version"), List.of("completion"));
    for (List<String> path : paths) {
      for (String flag : List.of("-h", "--help")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        Run r = tool.apply(args.toArray(String[]::new));
        String command = String.join(" ", path);
        assertThat(r.code()).as("%s %s %s: %s", name, command, flag, r.err()).isZero();
        assertThat(r.out())
            .as("%s %s %s", name, command, flag)
            .contains("Usage: " + (name + " " + command).trim() + " ");
        assertThat(r.err()).as("%s %s %s", name, command, flag).isEmpty();
      }
    }
  }

  @Test
  void spike_everyCommandAnswersHelp() {
    everyCommandAnswersHelp("spike", spikeTree(), SPIKE);
  }

  @Test
  void spaRecovery_everyCommandAnswersHelp() {
    everyCommandAnswersHelp("spa-recovery", spaTree(), SPA);
  }

  @Test
  void spikeDev_everyCommandAnswersHelp() {
    everyCommandAnswersHelp("spike-dev", DevMain.commandLine(), DEV);
  }

  @Test
  void help_namesTheCommandAndPrintsItsUsage() {
    assertThat(SPIKE.apply(new String[] {"help", "secret"}).out())
        .startsWith("Usage: spike secret");
    assertThat(SPIKE.apply(new String[] {"help"}).out()).startsWith("Usage: spike");
    assertThat(SPA.apply(new String[] {"help", "onboard"}).out())
        .startsWith("Usage: spa-recovery onboard");
    assertThat(DEV.apply(new String[] {"help", "svid"}).out()).startsWith("Usage: spike-dev svid");
  }

  @Test
  void noArguments_printsUsageAndExitsZero() {
    for (var tool : List.of(Map.entry("spike", SPIKE), Map.entry("spa-recovery", SPA))) {
      Run r = tool.getValue().apply(new String[0]);
      assertThat(r.code()).isZero();
      assertThat(r.out())
          .startsWith("Usage: " + tool.getKey())
          .contains("help")
          .contains("version");
    }
    Run group = SPIKE.apply(new String[] {"secret"});
    assertThat(group.code()).isZero();
    assertThat(group.out()).startsWith("Usage: spike secret").contains("put").contains("get");
  }

  @Test
  void version_isOneLineForAllTools() {
    String line = BuildInfo.current().versionLine();
    assertThat(line).matches("SPIKE for Java \\S+ \\(commit [0-9a-f]{7,40}\\)");
    for (Tool tool : List.of(SPIKE, SPA, DEV)) {
      Run sub = tool.apply(new String[] {"version"});
      Run flag = tool.apply(new String[] {"--version"});
      assertThat(sub.code()).isZero();
      assertThat(sub.out().lines().findFirst()).contains(line);
      assertThat(flag.out()).isEqualTo(sub.out());
    }
  }

  @Test
  void completion_coversEveryCommandOfEachTool() {
    for (var tool :
        List.of(
            Map.entry(spikeTree(), SPIKE),
            Map.entry(spaTree(), SPA),
            Map.entry(DevMain.commandLine(), DEV))) {
      Run r = tool.getValue().apply(new String[] {"completion"});
      assertThat(r.code()).isZero();
      String name = tool.getKey().getCommandName();
      assertThat(r.out()).contains("complete -F").contains(name).contains("bashcompinit");
      for (List<String> path : paths(tool.getKey())) {
        assertThat(r.out()).as("%s completes %s", name, path).contains(path.getLast());
      }
    }
  }
}
