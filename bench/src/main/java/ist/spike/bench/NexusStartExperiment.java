package ist.spike.bench;

import ist.spike.bench.stack.Child;
import ist.spike.bench.stack.LocalStack;
import ist.spike.dist.AotCache;
import ist.spike.dist.RuntimeJava;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Nexus restart to ready with several sets of extra JVM options, interleaved, against one stack
 * (Keepers up, product jars and AOT caches as {@code bin/spike-bench} uses them): for trying a
 * start-up change against its baseline in the same run. Not a suite: it prints medians of wall time
 * and CPU time at ready (from {@code /proc}) per variant and the last start-up timeline line.
 *
 * <p>With {@code -Dspike.experiment.loadSeconds=N}, each restart is followed by a warm-up and a
 * recorded {@code N}-second get at 16 keep-alive connections (JFR summary and p99 per variant).
 * With {@code -Dspike.experiment.idleSeconds=N}, VmRSS is read {@code N} seconds after ready (no
 * load) and its median printed per variant. With {@code -Dspike.experiment.firstRequests=N}, right
 * after ready {@code N} rounds of a put and a get are sent one at a time ({@link FirstRequests})
 * and the first put's and get's latency, the rounds' total and Nexus's CPU during them are printed.
 *
 * <p>A variant's first option may be {@code --product=DIR}: that variant's Nexus runs from another
 * build, the jars in {@code DIR/lib} with the AOT caches in {@code DIR/aot} (for comparing two
 * builds, each with a cache trained on its own jars, against the same Keepers and data), on the
 * runtime {@code DIR/runtime} when there is one (a java home: caches are made per runtime).
 *
 * <pre>
 * java -cp 'bench/target/lib/*' -Dspike.home=. ist.spike.bench.NexusStartExperiment RUNS \
 *     'baseline=' 'refs16=-Dorg.eclipse.jetty.util.referencesPerCacheLine=16' ...
 * </pre>
 */
public final class NexusStartExperiment {
  private NexusStartExperiment() {}

  /**
   * Entry point.
   *
   * @param args the number of rounds, then {@code name=space-separated options} per variant
   */
  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    int loadSeconds = Integer.getInteger("spike.experiment.loadSeconds", 0);
    int idleSeconds = Integer.getInteger("spike.experiment.idleSeconds", 0);
    int firstRounds = Integer.getInteger("spike.experiment.firstRequests", 0);
    Map<String, List<double[]>> first = new LinkedHashMap<>();
    Map<String, double[]> rss = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    Map<String, List<String>> variants = new LinkedHashMap<>();
    for (String v : Arrays.asList(args).subList(1, args.length)) {
      int eq = v.indexOf('=');
      String opts = v.substring(eq + 1).strip();
      variants.put(v.substring(0, eq), opts.isEmpty() ? List.of() : List.of(opts.split(" +")));
    }
    Path home = Path.of(System.getProperty("spike.home", ".")).toAbsolutePath();
    Path dir = Files.createTempDirectory("spike-nexus-start-");
    Map<String, double[]> wall = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    Map<String, String> timeline = new LinkedHashMap<>();
    variants.keySet().forEach(k -> wall.put(k, new double[runs]));
    variants.keySet().forEach(k -> cpu.put(k, new double[runs]));
    variants.keySet().forEach(k -> rss.put(k, new double[runs]));
    try (LocalStack stack =
        LocalStack.builder(dir)
            .product(home.resolve("dist/target/lib"), AotCache.fromSystemProperties())
            // the start-up timeline line (ADR 0136) is logged at INFO
            .nexusEnv("SPIKE_SYSTEM_LOG_LEVEL", "INFO")
            .build()
            .startAll(Duration.ofSeconds(120))) {
      System.out.println("stack up; AOT caches: " + stack.hasAotCaches());
      java.net.http.HttpClient pilot =
          ist.spike.bench.stack.Mtls.client(
              stack.trust().sourceFor(ist.spike.identity.SpikeRole.PILOT_SUPERUSER),
              stack.trust().roles().verifierFor(ist.spike.identity.SpikeRole.NEXUS));
      for (int i = 0; i < runs; i++) {
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
          stack.nexus().orElseThrow().kill();
          long t0 = System.nanoTime();
          Child n = start(stack, v.getValue());
          if (!stack.awaitReady(Duration.ofSeconds(120))) {
            throw new IllegalStateException("Nexus did not become ready:\n" + n.logTail(30));
          }
          wall.get(v.getKey())[i] = (System.nanoTime() - t0) / 1e6;
          cpu.get(v.getKey())[i] = n.cpuMillis().orElse(-1);
          String threads = ThreadCpu.describe(ThreadCpu.byThread(n.pid()));
          timeline.put(
              v.getKey(),
              Files.readAllLines(n.log()).stream()
                  .filter(l -> l.contains("ms after process start"))
                  .reduce((a, b) -> b)
                  .orElse("(no timeline line)"));
          System.out.printf(
              Locale.ROOT,
              "run %d %s: %.0f ms wall, %.0f ms CPU; %s%n",
              i,
              v.getKey(),
              wall.get(v.getKey())[i],
              cpu.get(v.getKey())[i],
              Machine.loadNote());
          System.out.println("  threads' CPU at ready (ms): " + threads);
          System.out.println("  timeline: " + timeline.get(v.getKey()));
          if (firstRounds > 0) {
            double cpuAtReady = n.cpuMillis().orElse(-1);
            FirstRequests f =
                FirstRequests.send(pilot, stack.nexusUrl(), firstRounds, v.getKey() + i);
            double cpuSpent = n.cpuMillis().orElse(-1) - cpuAtReady;
            first
                .computeIfAbsent(v.getKey(), k -> new ArrayList<>())
                .add(new double[] {f.firstPut(), f.firstGet(), f.totalMillis(), cpuSpent});
            System.out.printf(Locale.ROOT, "  first requests: %s, %.0f ms CPU%n", f, cpuSpent);
          }
          if (idleSeconds > 0) {
            Thread.sleep(idleSeconds * 1000L);
            rss.get(v.getKey())[i] = n.residentBytes().orElse(-1) / 1048576.0;
            System.out.printf(
                Locale.ROOT,
                "  idle %s: %.1f MB VmRSS %d s after ready; %s%n",
                v.getKey(),
                rss.get(v.getKey())[i],
                idleSeconds,
                Machine.loadNote());
          }
          if (loadSeconds > 0) {
            String tail = peak(stack, n, loadSeconds, dir.resolve(v.getKey() + "-" + i + ".jfr"));
            System.out.println("  peak " + v.getKey() + ": " + tail);
            p99.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(lastP99);
          }
        }
      }
    }
    p99.forEach(
        (k, v) ->
            System.out.printf(
                Locale.ROOT,
                "%s: p99 at 16 keep-alive connections, median %.1f ms of %s%n",
                k,
                LifecycleSuite.median(v.stream().mapToDouble(Double::doubleValue).toArray()),
                v));
    first.forEach(
        (k, v) ->
            System.out.printf(
                Locale.ROOT,
                "%s: first put %s, first get %s, %d rounds %s, Nexus CPU %s (medians [ranges], ms)%n",
                k,
                medianAndRange(v, 0),
                medianAndRange(v, 1),
                firstRounds,
                medianAndRange(v, 2),
                medianAndRange(v, 3)));
    for (String k : variants.keySet()) {
      System.out.printf(
          Locale.ROOT,
          "%s: median %.0f ms wall, %.0f ms CPU to ready; runs wall %s CPU %s%n  last: %s%n",
          k,
          LifecycleSuite.median(wall.get(k)),
          LifecycleSuite.median(cpu.get(k)),
          Arrays.toString(Arrays.stream(wall.get(k)).map(Math::round).toArray()),
          Arrays.toString(Arrays.stream(cpu.get(k)).map(Math::round).toArray()),
          timeline.get(k));
      if (idleSeconds > 0) {
        System.out.printf(
            Locale.ROOT,
            "  idle RSS median %.1f MB; runs %s%n",
            LifecycleSuite.median(rss.get(k)),
            Arrays.toString(
                Arrays.stream(rss.get(k)).map(x -> Math.round(x * 10) / 10.0).toArray()));
      }
    }
    System.out.println("scratch: " + dir);
  }

  private static double lastP99;

  private static String medianAndRange(List<double[]> rows, int column) {
    double[] xs = rows.stream().mapToDouble(r -> r[column]).toArray();
    return String.format(
        Locale.ROOT,
        "%.1f [%.1f-%.1f]",
        LifecycleSuite.median(xs),
        Arrays.stream(xs).min().orElse(0),
        Arrays.stream(xs).max().orElse(0));
  }

  private static final String PRODUCT = "--product=";

  /** Starts Nexus with a variant's options; {@code --product=DIR} first selects another build. */
  private static Child start(LocalStack stack, List<String> options) throws java.io.IOException {
    if (!options.isEmpty() && options.get(0).startsWith(PRODUCT)) {
      Path product = Path.of(options.get(0).substring(PRODUCT.length()));
      Path runtime = product.resolve("runtime/bin/java");
      return stack.startNexusFrom(
          product.resolve("lib"),
          java.util.Optional.of(AotCache.in(product.resolve("aot"))),
          options.subList(1, options.size()),
          java.nio.file.Files.isExecutable(runtime) ? runtime : RuntimeJava.forThisJvm());
    }
    return stack.startNexus(options);
  }

  /**
   * After a restart: the get of {@link ServerSuite}'s peak run (16 keep-alive connections, closed
   * loop) for a warm-up and {@code seconds} recorded with JFR.
   */
  private static String peak(LocalStack stack, Child nexus, int seconds, Path jfr)
      throws Exception {
    java.net.http.HttpClient http =
        ist.spike.bench.stack.Mtls.client(
            stack.trust().sourceFor(ist.spike.identity.SpikeRole.PILOT_SUPERUSER),
            stack.trust().roles().verifierFor(ist.spike.identity.SpikeRole.NEXUS));
    java.net.URI uri = stack.nexusUrl();
    ServerSuite.send(
        http,
        ServerSuite.post(
            uri,
            "/v1/store/secrets",
            "{\"path\":\"bench/db\",\"values\":{\"password\":\"0123456789abcdef\"}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        200);
    byte[] get = "{\"path\":\"bench/db\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ist.spike.bench.load.Operation op =
        seq ->
            ServerSuite.send(http, ServerSuite.post(uri, "/v1/store/secrets?action=get", get), 200);
    ist.spike.bench.load.LoadGenerator.run(
        ist.spike.bench.load.LoadConfig.closedLoop(
            ServerSuite.CONCURRENCY, Duration.ofSeconds(1), Duration.ofSeconds(seconds)),
        op);
    ist.spike.bench.stack.JfrRecording rec =
        ist.spike.bench.stack.JfrRecording.start(nexus.pid(), jfr);
    ist.spike.bench.load.LoadResult r =
        ist.spike.bench.load.LoadGenerator.run(
            ist.spike.bench.load.LoadConfig.closedLoop(
                ServerSuite.CONCURRENCY, Duration.ofSeconds(1), Duration.ofSeconds(seconds)),
            op);
    lastP99 = r.latencyMillis(99);
    return r + "; " + ist.spike.bench.stack.JfrRecording.summarize(rec.stop());
  }
}
