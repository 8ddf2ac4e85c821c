package ist.spike.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bin/spike-bench}: runs the standard benchmark suite and writes {@code
 * target/bench/results.json} and {@code target/bench/results.md}.
 *
 * <pre>
 * bin/spike-bench [--quick] [--verbose] [--suites micro,server,transit,...] [--out DIR] [--update-docs]
 * </pre>
 */
public final class BenchMain {
  private static final String USAGE =
      """
      Usage: bin/spike-bench [--quick] [--verbose] [--suites LIST] [--out DIR] [--update-docs]

      Runs SPIKE's benchmarks side by side with their baselines in the same run and writes
      DIR/results.json and DIR/results.md (DIR defaults to target/bench in the repository).

        --suites LIST  comma-separated, from: micro, handshake, newconn, server, transit, ha,
                       lifecycle, cli (default: all of them; the whole suite takes about 20 minutes
                       on 2 cores; ha: SQLite vs PostgreSQL with 1 and 2 Nexus, about 6 minutes;
                       newconn: a get on a new TLS connection per call, about 2 minutes)
        --quick        shorter runs, to try things out (not for published numbers)
        --verbose      show JMH's output
        --update-docs  also replace the results section of docs/benchmarks.md
      """;

  private BenchMain() {}

  /**
   * Entry point.
   *
   * @param args see the usage text
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    int code;
    try {
      code = run(args, out);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(USAGE);
      code = 2;
    } catch (Exception e) {
      System.err.println("error: the benchmark run failed: " + e);
      code = 1;
    }
    System.exit(code);
  }

  static int run(String[] args, PrintStream out) throws Exception {
    Path home = Path.of(System.getProperty("spike.home", ".")).toAbsolutePath().normalize();
    Path dir = null;
    boolean quick = false;
    boolean verbose = false;
    boolean updateDocs = false;
    Set<String> suites = new LinkedHashSet<>(BenchSettings.ALL);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--verbose" -> verbose = true;
        case "--update-docs" -> updateDocs = true;
        case "--suites" -> suites = new LinkedHashSet<>(Arrays.asList(value(args, ++i).split(",")));
        case "--out" -> dir = Path.of(value(args, ++i)).toAbsolutePath();
        case "-h", "--help" -> {
          out.print(USAGE);
          return 0;
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (dir == null) {
      dir = home.resolve("target/bench");
    }
    BenchSettings settings = new BenchSettings(home, dir, suites, quick, verbose);
    String command = "bin/spike-bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
    Instant started = Instant.now();
    List<Figure> figures = new ArrayList<>();
    for (Suite suite : Suite.standard(settings)) {
      if (!settings.runs(suite.name())) {
        continue;
      }
      out.println("== " + suite.name());
      long t0 = System.nanoTime();
      List<Figure> got;
      try {
        got = suite.run();
      } catch (Exception e) {
        got = suite.unavailable(e.toString());
      }
      for (Figure f : got) {
        out.println(
            "   "
                + f.name()
                + ": "
                + Figure.format(f.value())
                + " "
                + f.unit()
                + (Double.isNaN(f.ratio()) ? "" : " (" + Figure.format(f.ratio()) + "× baseline)")
                + (f.verdict().isEmpty() ? "" : " [" + f.verdict() + "]"));
      }
      out.printf("   (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
      figures.addAll(got);
    }
    Report report = new Report(figures, Machine.current(), command, started);
    report.write(dir);
    out.println("wrote " + dir.resolve("results.json") + " and " + dir.resolve("results.md"));
    if (updateDocs) {
      Path doc = home.resolve("docs/benchmarks.md");
      report.updateDoc(doc);
      out.println("updated the results section of " + doc);
    }
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
