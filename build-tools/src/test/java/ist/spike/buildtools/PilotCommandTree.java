package ist.spike.buildtools;

import ist.spike.pilot.PilotContext;
import ist.spike.pilot.PilotMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Walks Pilot's whole command tree on whatever picocli is on the class path and prints, for each
 * command, its usage and what {@code --help} and an unknown option give (exit code and output). Run
 * once on the original picocli jar and once on the rewritten one; the outputs must be equal.
 */
public final class PilotCommandTree {
  private PilotCommandTree() {}

  /**
   * Prints the tree's report to standard output.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    StringWriter ignored = new StringWriter();
    PilotContext ctx = context(new PrintWriter(ignored), new PrintWriter(ignored));
    CommandLine root = PilotMain.commandLine(ctx);
    StringBuilder report = new StringBuilder();
    walk(root, List.of(), report);
    System.out.print(report);
    System.out.flush();
  }

  private static void walk(CommandLine cli, List<String> path, StringBuilder report) {
    report.append("== ").append(String.join(" ", path)).append('\n');
    report.append(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
    report.append(run(path, "--help"));
    report.append(run(path, "--no-such-option"));
    for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      walk(sub.getValue(), subPath, report);
    }
  }

  private static String run(List<String> path, String last) {
    List<String> args = new ArrayList<>(path);
    args.add(last);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PilotContext ctx = context(new PrintWriter(out), new PrintWriter(err));
    int code =
        PilotMain.run(
            args.toArray(String[]::new),
            ctx.env(),
            ctx.out(),
            ctx.rawOut(),
            ctx.err(),
            ctx.in(),
            ctx.clients());
    return "-- " + String.join(" ", args) + " -> " + code + "\n" + out + err;
  }

  private static PilotContext context(PrintWriter out, PrintWriter err) {
    return new PilotContext(
        Map.of(),
        out,
        new ByteArrayOutputStream(),
        err,
        new ByteArrayInputStream(new byte[0]),
        env -> {
          throw new IllegalStateException("no command here needs a client");
        });
  }
}
