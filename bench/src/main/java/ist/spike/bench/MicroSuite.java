package ist.spike.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH microbenchmarks in {@code ist.spike.bench.micro} (one fork each, short iterations:
 * the suite must fit the 10-minute budget on 2 cores) and turns them into figures. Each figure is
 * the median of the measurement iterations.
 */
final class MicroSuite implements Suite {
  private final BenchSettings settings;

  MicroSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "micro";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(Figure.notMeasured("JMH microbenchmarks", "", java.util.Optional.empty(), why));
  }

  @Override
  public List<Figure> run() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("ist\\.spike\\.bench\\.micro\\..*")
            .forks(1)
            .threads(1)
            .warmupIterations(settings.quick() ? 1 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(settings.quick() ? 2 : 5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(forkJvmArgs())
            .verbosity(settings.verbose() ? VerboseMode.NORMAL : VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> medians = new HashMap<>();
    for (RunResult r : results) {
      String key = r.getParams().getBenchmark().replace("ist.spike.bench.micro.", "");
      String size = r.getParams().getParam("size");
      if (size != null) {
        key += "/" + size;
      }
      medians.put(key, median(r));
    }
    return figures(medians);
  }

  /** The forks' heap, and the host's flags that silence JDK warnings about JMH's Unsafe use. */
  private static String[] forkJvmArgs() {
    List<String> args = new ArrayList<>(List.of("-Xmx512m"));
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--sun-misc-unsafe-memory-access")
          || a.startsWith("--enable-native-access")) {
        args.add(a);
      }
    }
    return args.toArray(String[]::new);
  }

  static double median(RunResult r) {
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult b : r.getBenchmarkResults()) {
      for (IterationResult i : b.getIterationResults()) {
        scores.add(i.getPrimaryResult().getScore());
      }
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static List<Figure> figures(Map<String, Double> m) {
    List<Figure> out = new ArrayList<>();
    String jmh = "JMH, 1 fork, median of iterations";
    out.add(
        Figure.of(
            "Shamir split 2-of-3 (with verify)",
            get(m, "ShamirBench.split"),
            "µs/op",
            jmh + "; includes SPIKE's reconstruct-and-compare check"));
    out.add(Figure.of("Shamir recover 2-of-3", get(m, "ShamirBench.recover"), "µs/op", jmh));
    for (String op : List.of("seal", "open")) {
      String raw = op.equals("seal") ? "rawJceSeal" : "rawJceOpen";
      out.add(
          Figure.of(
                  "AEAD " + op + " 256 B",
                  get(m, "AeadBench." + op + "/256"),
                  "ops/s",
                  jmh + "; header + key id + AAD, fresh random nonce")
              .withBaseline("raw JCE AES-GCM " + op, get(m, "AeadBench." + raw + "/256")));
      out.add(
          Figure.of(
                  "AEAD " + op + " 64 KiB",
                  mbPerSecond(get(m, "AeadBench." + op + "/65536"), 65536),
                  "MB/s",
                  jmh)
              .withBaseline(
                  "raw JCE AES-GCM " + op,
                  mbPerSecond(get(m, "AeadBench." + raw + "/65536"), 65536)));
    }
    out.add(
        Figure.of(
            "FROST signer round 1 + round 2",
            get(m, "FrostBench.signShare"),
            "µs/op",
            jmh + "; Ed25519, SHA-512"));
    out.add(
        Figure.of(
            "FROST aggregate 2 shares (verifies each share)",
            get(m, "FrostBench.aggregate"),
            "µs/op",
            jmh));
    out.add(
        Figure.of(
            "FROST signature verify (JDK Ed25519)", get(m, "FrostBench.verify"), "µs/op", jmh));
    out.add(
        Figure.of(
            "FROST 2-of-3 signing session, local", get(m, "FrostBench.session"), "µs/op", jmh));
    double re2 = get(m, "PolicyBench.rawRe2OnePolicy");
    out.add(
        Figure.of(
                "policy check, granted by the last of 20 policies",
                get(m, "PolicyBench.allowsLastOf20"),
                "ns/op",
                jmh + "; RE2/J patterns on SPIFFE ID and path")
            .withBaseline("raw RE2/J, one policy's two matches", re2));
    out.add(
        Figure.of(
                "policy check, denied by all 20 policies",
                get(m, "PolicyBench.deniesAll20"),
                "ns/op",
                jmh)
            .withBaseline("raw RE2/J, one policy's two matches", re2));
    return out;
  }

  private static double get(Map<String, Double> m, String key) {
    return m.getOrDefault(key, Double.NaN);
  }

  private static double mbPerSecond(double opsPerSecond, int size) {
    return opsPerSecond * size / 1e6;
  }
}
