package ist.spike.bench;

import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadGenerator;
import ist.spike.bench.load.LoadResult;
import ist.spike.bench.stack.Mtls;
import ist.spike.dist.stack.DevIdentities;
import ist.spike.dist.stack.DevStack;
import ist.spike.dist.stack.ReadyzProbe;
import ist.spike.dist.stack.StackOptions;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Secret put and get throughput of the storage backends side by side (issue 11): Nexus on SQLite,
 * Nexus on PostgreSQL, and two Nexus instances sharing that PostgreSQL database, each stack as real
 * processes ({@code bin/spike-dev}'s {@link DevStack}: Keepers, Nexus, Bootstrap, and the embedded
 * PostgreSQL server). The baseline is plain JDBC on the same PostgreSQL server in the same run
 * ({@link PostgresBaseline}): what the database alone does for rows of the same size at the same
 * concurrency. Every figure is the median of {@link #rounds()} rounds, baseline and Nexus
 * alternating, after one unrecorded warm-up round of Nexus puts and gets.
 */
final class HaSuite implements Suite {
  static final int CONCURRENCY = 16;
  static final int ROW_BYTES = 320;
  private static final String VALUE = "0123456789abcdef0123456789abcdef";
  private final BenchSettings settings;

  HaSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "ha";
  }

  /** The configurations measured, in run order. */
  enum Setup {
    POSTGRES_1("postgres", 1, "PostgreSQL, 1 Nexus"),
    POSTGRES_2("postgres", 2, "PostgreSQL, 2 Nexus instances (load split evenly)"),
    SQLITE("sqlite", 1, "SQLite, 1 Nexus");

    final String backend;
    final int nexus;
    final String label;

    Setup(String backend, int nexus, String label) {
      this.backend = backend;
      this.nexus = nexus;
      this.label = label;
    }
  }

  static String putName(Setup s) {
    return "secret put throughput, " + s.label;
  }

  static String getName(Setup s) {
    return "secret get throughput, " + s.label;
  }

  @Override
  public List<Figure> unavailable(String why) {
    List<Figure> out = new ArrayList<>();
    for (Setup s : Setup.values()) {
      out.add(Figure.notMeasured(putName(s), "req/s", Optional.empty(), why));
      out.add(Figure.notMeasured(getName(s), "req/s", Optional.empty(), why));
    }
    return out;
  }

  int rounds() {
    return settings.quick() ? 1 : 3;
  }

  private LoadConfig closed() {
    return LoadConfig.closedLoop(
        CONCURRENCY,
        Duration.ofSeconds(settings.quick() ? 1 : 2),
        Duration.ofSeconds(settings.quick() ? 2 : 5));
  }

  /** The raw baseline's rounds, kept so SQLite is compared with the same server's figures. */
  private record Raw(List<LoadResult> puts, List<LoadResult> gets) {}

  @Override
  public List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    Raw first = null;
    for (Setup s : Setup.values()) {
      Raw raw = measure(s, first, out);
      if (first == null) {
        first = raw;
      }
    }
    return out;
  }

  private Raw measure(Setup setup, Raw earlier, List<Figure> out) throws Exception {
    Path dir = settings.out().resolve("scratch/ha-" + setup.name() + "-" + System.nanoTime());
    StackOptions options =
        new StackOptions(dir, 3, 2, setup.backend, true, Duration.ofSeconds(1), setup.nexus);
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("trust"));
    PrintStream quiet =
        settings.verbose() ? System.out : new PrintStream(OutputStream.nullOutputStream());
    try (ReadyzProbe probe = new ReadyzProbe(td);
        DevStack stack = DevStack.start(options, new DevIdentities(td), probe, quiet)) {
      if (!stack.isNexusReady() && !stack.awaitReady(Duration.ofSeconds(60))) {
        throw new IllegalStateException(setup.label + ": Nexus did not become ready");
      }
      HttpClient http =
          Mtls.client(
              td.sourceFor(SpikeRole.PILOT_SUPERUSER), td.roles().verifierFor(SpikeRole.NEXUS));
      List<URI> nexus = stack.nexusUrls();
      ServerSuite.send(
          http, ServerSuite.post(nexus.get(0), "/v1/store/secrets", putBody("bench/db")), 200);
      byte[] getBody = "{\"path\":\"bench/db\"}".getBytes(StandardCharsets.UTF_8);

      List<LoadResult> rawPuts = new ArrayList<>();
      List<LoadResult> rawGets = new ArrayList<>();
      List<LoadResult> puts = new ArrayList<>();
      List<LoadResult> gets = new ArrayList<>();
      Optional<String> pg = stack.postgresJdbcUrl();
      try (PostgresBaseline raw =
          pg.isPresent() ? new PostgresBaseline(pg.get(), "postgres", ROW_BYTES) : null) {
        // One unrecorded round first: freshly started Nexus JVMs are still compiling.
        LoadGenerator.run(closed(), seq -> put(http, nexus, seq));
        LoadGenerator.run(closed(), seq -> get(http, nexus, getBody, seq));
        for (int round = 0; round < rounds(); round++) {
          if (raw != null) {
            rawPuts.add(raw.puts(closed()));
          }
          puts.add(LoadGenerator.run(closed(), seq -> put(http, nexus, seq)));
          if (raw != null) {
            rawGets.add(raw.gets(closed()));
          }
          gets.add(LoadGenerator.run(closed(), seq -> get(http, nexus, getBody, seq)));
        }
      }
      Raw baseline = raw(rawPuts, rawGets, earlier);
      String where =
          pg.isPresent()
              ? "plain JDBC on the same PostgreSQL server"
              : "plain JDBC on the PostgreSQL server of the first setup in this run (this stack"
                  + " has none)";
      out.add(
          figure(putName(setup), setup, puts, baseline.puts(), "put", where)
              .withBaseline(
                  "raw PostgreSQL INSERT, one row per commit", median(baseline.puts(), goodput())));
      out.add(
          figure(getName(setup), setup, gets, baseline.gets(), "get", where)
              .withBaseline(
                  "raw PostgreSQL primary-key SELECT", median(baseline.gets(), goodput())));
      return baseline;
    }
  }

  private static Raw raw(List<LoadResult> puts, List<LoadResult> gets, Raw earlier) {
    if (!puts.isEmpty()) {
      return new Raw(puts, gets);
    }
    if (earlier == null) {
      throw new IllegalStateException("no PostgreSQL baseline was measured before this setup");
    }
    return earlier;
  }

  private Figure figure(
      String name,
      Setup setup,
      List<LoadResult> runs,
      List<LoadResult> baseline,
      String what,
      String where) {
    return Figure.of(
        name,
        median(runs, goodput()),
        "req/s",
        String.format(
            Locale.ROOT,
            "median of %d rounds, closed loop, %d keep-alive mTLS connections%s; Nexus rounds"
                + " (req/s): %s, last: %s; baseline (%s, %d connections, %d-byte rows) rounds: %s,"
                + " last: %s",
            runs.size(),
            CONCURRENCY,
            setup.nexus > 1 ? " spread over " + setup.nexus + " instances" : "",
            rates(runs),
            runs.get(runs.size() - 1),
            where + ", " + what,
            CONCURRENCY,
            ROW_BYTES,
            rates(baseline),
            baseline.get(baseline.size() - 1)));
  }

  private static ToDoubleFunction<LoadResult> goodput() {
    return LoadResult::goodput;
  }

  static double median(List<LoadResult> runs, ToDoubleFunction<LoadResult> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static String rates(List<LoadResult> runs) {
    return runs.stream()
        .map(r -> String.format(Locale.ROOT, "%.0f", r.goodput()))
        .toList()
        .toString();
  }

  /** A put of one of 64 paths, request {@code seq} to instance {@code seq} mod N. */
  private static void put(HttpClient http, List<URI> nexus, long seq) throws Exception {
    ServerSuite.send(
        http,
        ServerSuite.post(
            nexus.get((int) (seq % nexus.size())),
            "/v1/store/secrets",
            putBody("bench/put-" + (seq % 64))),
        200);
  }

  /** A get of one path, request {@code seq} to instance {@code seq} mod N. */
  private static void get(HttpClient http, List<URI> nexus, byte[] body, long seq)
      throws Exception {
    ServerSuite.send(
        http,
        ServerSuite.post(
            nexus.get((int) (seq % nexus.size())), "/v1/store/secrets?action=get", body),
        200);
  }

  private static byte[] putBody(String path) {
    return ("{\"path\":\"" + path + "\",\"values\":{\"password\":\"" + VALUE + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
