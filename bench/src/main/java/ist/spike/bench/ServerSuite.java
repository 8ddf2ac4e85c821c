package ist.spike.bench;

import ist.spike.bench.load.GoLoadClient;
import ist.spike.bench.load.KeepAliveSocketClient;
import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadGenerator;
import ist.spike.bench.load.LoadResult;
import ist.spike.bench.load.Operation;
import ist.spike.bench.stack.BareServerMain;
import ist.spike.bench.stack.Child;
import ist.spike.bench.stack.JfrRecording;
import ist.spike.bench.stack.JitWarmUp;
import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.TlsProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * Nexus over mTLS against the physical limits, all in one run: secret get against a bare endpoint
 * on the same server stack, secret put against raw SQLite commits at the same durability, and the
 * cipher stream against raw JCE AES-GCM. Nexus and the bare server are separate JVMs with the same
 * options; the load generator runs in this JVM with pooled keep-alive connections.
 */
final class ServerSuite implements Suite {
  static final String GET = "secret get throughput (peak)";
  static final String PUT = "secret put throughput (durable, synchronous=FULL)";
  static final String CIPHER = "cipher stream encrypt (1 MiB bodies)";
  static final String P99_PEAK = "secret get p99 at 16 keep-alive connections (peak)";
  static final String CPU_PER_GET = "Nexus CPU per get (peak run)";
  static final String P99_VIRTUAL =
      "secret get p99 at 16 keep-alive connections, client on virtual threads (peak)";
  static final String P99_GO = "secret get p99 at 16 keep-alive connections, Go client (peak)";
  static final int CONCURRENCY = 16;
  static final int CIPHER_BYTES = 1 << 20;
  private final BenchSettings settings;

  ServerSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "server";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(
        Figure.notMeasured(GET, "req/s", Optional.of(Target.minRatio(0.6)), why),
        Figure.notMeasured(P99_PEAK, "ms", Optional.of(Target.maxValue(9.0)), why),
        Figure.notMeasured(P99_VIRTUAL, "ms", Optional.of(Target.maxValue(9.0)), why),
        Figure.notMeasured(P99_GO, "ms", Optional.of(Target.maxValue(9.0)), why),
        Figure.notMeasured(CPU_PER_GET, "ms", Optional.empty(), why),
        Figure.notMeasured("secret get p99 at half of peak", "ms", Optional.empty(), why),
        Figure.notMeasured(PUT, "req/s", Optional.of(Target.minRatio(0.5)), why),
        Figure.notMeasured(CIPHER, "MB/s", Optional.of(Target.minRatio(0.4)), why));
  }

  @Override
  public List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    java.nio.file.Path dir = settings.out().resolve("scratch/server-" + System.nanoTime());
    LocalStack built =
        LocalStack.builder(dir)
            // SPIKE's default cipher limit is 64 KiB; streams are measured with 1 MiB bodies.
            .nexusEnv("SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE", Integer.toString(4 << 20))
            .build();
    try (LocalStack stack = built.startAll(Duration.ofSeconds(90))) {
      HttpClient http =
          Mtls.client(
              stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER),
              stack.trust().roles().verifierFor(SpikeRole.NEXUS));
      // gets and puts go through a lean socket client, as issue 13's Go load generator did
      SSLContext clientTls =
          SpiffeTls.sslContext(
              stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER),
              stack.trust().roles().verifierFor(SpikeRole.NEXUS));
      URI nexus = stack.nexusUrl();
      byte[] putBody =
          "{\"path\":\"bench/db\",\"values\":{\"password\":\"0123456789abcdef0123456789abcdef\"}}"
              .getBytes(StandardCharsets.UTF_8);
      send(http, post(nexus, "/v1/store/secrets", putBody), 200);
      byte[] getBody = "{\"path\":\"bench/db\"}".getBytes(StandardCharsets.UTF_8);

      double bareEcho;
      int barePort = freePort();
      try (Child bare =
          Child.start(
              "bare",
              BareServerMain.class.getName(),
              ist.spike.dist.JvmFlags.NEXUS.options(),
              List.of(stack.dir().resolve("trust").toString(), Integer.toString(barePort)),
              java.util.Map.of(),
              dir.resolve("logs/bare.log"))) {
        LocalStack.awaitListening(barePort, Duration.ofSeconds(60), bare);
        URI bareUri = URI.create("https://127.0.0.1:" + barePort);
        out.addAll(
            measureGet(
                clientTls,
                SpiffeTls.sslContext(
                    stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER),
                    stack.trust().roles().verifierFor(SpikeRole.NEXUS),
                    TlsProvider.JDK),
                nexus,
                barePort,
                getBody,
                stack.nexus().orElseThrow(),
                dir));
        out.add(
            measureGetWithGoClient(
                stack.trust(),
                nexus.getPort(),
                barePort,
                new String(getBody, StandardCharsets.UTF_8)));
        bareEcho = streamMegabytesPerSecond(http, bareUri);
      }
      auditRecordsPerSignature(stack.nexusDataDir().resolve("data/audit/nexus-audit.jsonl"))
          .ifPresent(out::add);

      LoadResult raw =
          SqliteBaseline.commits(
              dir.resolve("sqlite-baseline"), "FULL", 320, SqliteBaseline.config(settings));
      LoadResult put;
      try (KeepAliveSocketClient puts =
          new KeepAliveSocketClient(clientTls, nexus.getPort(), CONCURRENCY)) {
        put =
            LoadGenerator.run(
                closed(CONCURRENCY),
                seq ->
                    puts.post(
                        "/v1/store/secrets",
                        ("{\"path\":\"bench/put-"
                                + (seq % 64)
                                + "\",\"values\":{\"password\":\"0123456789abcdef0123456789abcdef\"}}")
                            .getBytes(StandardCharsets.UTF_8),
                        200));
      }
      out.add(
          Figure.of(
                  PUT,
                  put.goodput(),
                  "req/s",
                  "closed loop, "
                      + CONCURRENCY
                      + " connections; "
                      + put
                      + "; baseline: one 320-byte row per commit on one JDBC connection, WAL,"
                      + " synchronous=FULL: "
                      + raw)
              .withBaseline("raw SQLite commits", raw.throughput())
              .withTarget(Target.minRatio(0.5)));

      out.add(measureCipher(http, nexus, bareEcho));
      long rss =
          stack
              .nexus()
              .orElseThrow()
              .residentBytes()
              .orElseThrow(() -> new IllegalStateException("no VmRSS"));
      out.add(
          Figure.of(
                  "Nexus resident memory after the load runs",
                  rss / 1048576.0,
                  "MB",
                  "VmRSS from /proc right after the get, put and cipher runs; JVM options "
                      + ist.spike.dist.JvmFlags.NEXUS.own())
              .withTarget(Target.maxValue(300)));
    }
    return out;
  }

  private List<Figure> measureGet(
      SSLContext clientTls,
      SSLContext jdkClientTls,
      URI nexus,
      int barePort,
      byte[] getBody,
      Child nexusProcess,
      java.nio.file.Path dir)
      throws Exception {
    List<Figure> out;
    try (KeepAliveSocketClient toNexus =
            new KeepAliveSocketClient(clientTls, nexus.getPort(), CONCURRENCY);
        KeepAliveSocketClient toBare =
            new KeepAliveSocketClient(clientTls, barePort, CONCURRENCY)) {
      out =
          new ArrayList<>(
              measureGet(
                  seq -> toNexus.post("/v1/store/secrets?action=get", getBody, 200),
                  seq -> toBare.post("/v1/store/secrets?action=get", getBody, 200),
                  nexusProcess,
                  dir));
    }
    out.add(measureGetOnVirtualThreads(jdkClientTls, nexus, barePort, getBody));
    return out;
  }

  /**
   * The peak get again with the client's 16 workers on virtual threads: two carrier threads
   * scheduled by the JVM instead of 16 OS threads scheduled by Linux, as the Go load generator's
   * goroutines run on Go's scheduler. With 16 runnable OS threads on two cores the kernel's time
   * slices make a closed-loop client's own tail. The sockets are the JDK's (a virtual thread
   * blocked in Conscrypt's native socket I/O would hold its carrier); keep-alive requests cost them
   * only AES-GCM.
   */
  private Figure measureGetOnVirtualThreads(
      SSLContext jdkClientTls, URI nexus, int barePort, byte[] getBody) throws Exception {
    try (KeepAliveSocketClient toNexus =
            new KeepAliveSocketClient(jdkClientTls, nexus.getPort(), CONCURRENCY);
        KeepAliveSocketClient toBare =
            new KeepAliveSocketClient(jdkClientTls, barePort, CONCURRENCY)) {
      Operation onNexus = seq -> toNexus.post("/v1/store/secrets?action=get", getBody, 200);
      Operation onBare = seq -> toBare.post("/v1/store/secrets?action=get", getBody, 200);
      LoadResult bare = LoadGenerator.run(closed(CONCURRENCY), onBare, true);
      String load = Machine.loadNote();
      LoadResult nexusRun = LoadGenerator.run(closed(CONCURRENCY), onNexus, true);
      return peakP99(
          P99_VIRTUAL,
          "keep-alive mTLS connections (JDK TLS sockets), the workers on virtual threads (M:N"
              + " scheduling, as the Go load generator's goroutines)",
          nexusRun,
          bare,
          load);
    }
  }

  /**
   * The peak get p99 with the Go load generator (ADR 0177 amendment of session 8): the same kind of
   * client as the one behind SPIKE Go's 9.0 ms, so neither a JVM client's scheduling nor its JIT
   * shows in the tail. Runs after the JVM clients' peaks, so Nexus is warm.
   */
  private Figure measureGetWithGoClient(
      ist.spike.identity.dev.DevTrustDomain trust, int nexusPort, int barePort, String getBody)
      throws Exception {
    GoLoadClient go;
    try {
      go = GoLoadClient.build(settings.home(), settings.home().resolve("bench/target/go"));
    } catch (GoLoadClient.UnavailableException e) {
      return Figure.notMeasured(P99_GO, "ms", Optional.of(Target.maxValue(9.0)), e.getMessage());
    }
    java.nio.file.Path svidDir = trust.svidDirFor(SpikeRole.PILOT_SUPERUSER);
    String nexusId = trust.idOf(SpikeRole.NEXUS).toString();
    String path = "/v1/store/secrets?action=get";
    LoadResult bare =
        go.run(
            closed(CONCURRENCY),
            new GoLoadClient.Request(barePort, svidDir, nexusId, path, getBody, 200),
            false);
    String load = Machine.loadNote();
    LoadResult nexusRun =
        go.run(
            closed(CONCURRENCY),
            new GoLoadClient.Request(nexusPort, svidDir, nexusId, path, getBody, 200),
            false);
    return peakP99(
        P99_GO,
        "keep-alive mTLS connections from the Go load generator (bench/src/main/go/loadgen: a"
            + " goroutine and a connection per worker, crypto/tls, no resumption, as the client of"
            + " issue 13's SPIKE Go figures)",
        nexusRun,
        bare,
        load);
  }

  private static Figure peakP99(
      String name, String client, LoadResult nexusRun, LoadResult bare, String load) {
    return Figure.of(
            name,
            nexusRun.latencyMillis(99),
            "ms",
            "closed loop, "
                + CONCURRENCY
                + " "
                + client
                + "; Nexus: "
                + nexusRun
                + "; bare: "
                + bare
                + "; "
                + load
                + "; target: SPIKE Go's 9.0 ms (Go client, 2026-12-05)")
        .withBaseline("bare mTLS endpoint p99, same client", bare.latencyMillis(99))
        .withTarget(Target.maxValue(9.0));
  }

  private List<Figure> measureGet(
      Operation onNexus, Operation onBare, Child nexusProcess, java.nio.file.Path dir)
      throws Exception {
    long nexusPid = nexusProcess.pid();
    // Nexus has far more code for the JIT to compile than the bare endpoint: both are driven
    // unrecorded first, so the recorded peaks measure the steady state (ADR 0177).
    LoadGenerator.run(jitWarmUp(), onBare);
    LoadResult barePeak = LoadGenerator.run(closed(CONCURRENCY), onBare);
    LoadGenerator.run(jitWarmUp(), onNexus);
    JitWarmUp.Result settled =
        JitWarmUp.run(
            nexusPid,
            length ->
                LoadGenerator.run(
                        LoadConfig.closedLoop(CONCURRENCY, Duration.ZERO, length), onNexus)
                    .completed(),
            Duration.ofSeconds(3),
            Duration.ofSeconds(settings.quick() ? 10 : 60));
    // The peak run is recorded with JFR (profile settings, about 1 % overhead): the p99 figure
    // below says what paused Nexus while it ran.
    JfrRecording jfr = JfrRecording.start(nexusPid, dir.resolve("nexus-peak.jfr"));
    String load = Machine.loadNote();
    java.util.OptionalLong cpuBefore = nexusProcess.cpuMillis();
    LoadResult nexusPeak = LoadGenerator.run(closed(CONCURRENCY), onNexus);
    java.util.OptionalLong cpuAfter = nexusProcess.cpuMillis();
    java.nio.file.Path recording = jfr.stop();
    JfrRecording.Summary pauses = JfrRecording.summarize(recording);
    double half = nexusPeak.goodput() / 2;
    LoadResult nexusHalf = LoadGenerator.run(open(half), onNexus);
    LoadResult bareHalf = LoadGenerator.run(open(barePeak.goodput() / 2), onBare);
    List<Figure> out = new ArrayList<>();
    out.add(
        Figure.of(
                GET,
                nexusPeak.goodput(),
                "req/s",
                "closed loop, "
                    + CONCURRENCY
                    + " keep-alive mTLS connections, a pool of blocking TLS sockets (ADR 0177);"
                    + " Nexus: "
                    + nexusPeak
                    + "; bare: "
                    + barePeak)
            .withBaseline("bare mTLS endpoint, same server stack", barePeak.goodput())
            .withTarget(Target.minRatio(0.6)));
    out.add(
        Figure.of(
                P99_PEAK,
                nexusPeak.latencyMillis(99),
                "ms",
                "closed loop, "
                    + CONCURRENCY
                    + " keep-alive mTLS connections (the peak run above, Java load generator on"
                    + " blocking TLS sockets in the same 2 cores); "
                    + pauses
                    + "; recording "
                    + recording
                    + "; "
                    + load
                    + "; Nexus after 15 s of load and a "
                    + settled
                    + "; target: SPIKE Go's 9.0 ms (Go client, 2026-12-05)")
            .withBaseline("bare mTLS endpoint p99, same load", barePeak.latencyMillis(99))
            .withTarget(Target.maxValue(9.0)));
    if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
      // The CPU counter also runs during the run's unrecorded warm-up: count its gets at the
      // recorded rate.
      double gets =
          nexusPeak.goodput()
              * (nexusPeak.elapsedSeconds() + closed(CONCURRENCY).warmup().toMillis() / 1000.0);
      out.add(
          Figure.of(
              CPU_PER_GET,
              (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / gets,
              "ms",
              "Nexus user + system CPU (/proc/<pid>/stat, 10 ms ticks) over the peak run, warm-up"
                  + " included, divided by its gets (recorded rate × whole run); JFR recording on;"
                  + " "
                  + load));
    }
    out.add(
        Figure.of(
                "secret get p99 at half of peak",
                nexusHalf.latencyMillis(99),
                "ms",
                String.format(
                    java.util.Locale.ROOT,
                    "open loop at %.0f req/s, latency from scheduled start; Nexus: %s; bare at"
                        + " half its peak: %s",
                    half,
                    nexusHalf,
                    bareHalf))
            .withBaseline("bare endpoint p99 at half its peak", bareHalf.latencyMillis(99)));
    out.add(
        Figure.of(
            "secret get p50 at half of peak",
            nexusHalf.latencyMillis(50),
            "ms",
            "same run as the p99"));
    return out;
  }

  /** Records per signature in Nexus's audit chain after the get runs (ADR 0199), if readable. */
  private static Optional<Figure> auditRecordsPerSignature(java.nio.file.Path file) {
    long records = 0;
    long signed = 0;
    try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        records++;
        if (line.contains("\"sig\":\"")) {
          signed++;
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    if (signed == 0) {
      return Optional.empty();
    }
    return Optional.of(
        Figure.of(
            "Nexus audit records per signature (after the get runs)",
            (double) records / signed,
            "records",
            records + " records, " + signed + " signed, in " + file));
  }

  /** MB/s of one stream of 1 MiB bodies to {@code base}'s cipher path (bare echo or Nexus). */
  private double streamMegabytesPerSecond(HttpClient http, URI base) throws Exception {
    return streamLoad(http, base).goodput() * CIPHER_BYTES / 1e6;
  }

  private LoadResult streamLoad(HttpClient http, URI nexus) throws Exception {
    byte[] payload = new byte[CIPHER_BYTES];
    new SecureRandom().nextBytes(payload);
    return LoadGenerator.run(
        closed(1),
        seq -> {
          HttpRequest r =
              HttpRequest.newBuilder(nexus.resolve("/v1/cipher/encrypt"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/octet-stream")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                  .build();
          HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
          if (resp.statusCode() != 200 || resp.body().length < CIPHER_BYTES) {
            throw new IOException("cipher stream answered " + resp.statusCode());
          }
        });
  }

  private Figure measureCipher(HttpClient http, URI nexus, double bareEcho) throws Exception {
    byte[] payload = new byte[CIPHER_BYTES];
    new SecureRandom().nextBytes(payload);
    LoadResult stream = streamLoad(http, nexus);
    SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    SecureRandom random = new SecureRandom();
    LoadResult raw =
        LoadGenerator.run(
            closed(1),
            seq -> {
              byte[] nonce = new byte[12];
              random.nextBytes(nonce);
              Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
              c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
              c.doFinal(payload);
            });
    double mb = CIPHER_BYTES / 1e6;
    return Figure.of(
            CIPHER,
            stream.goodput() * mb,
            "MB/s",
            String.format(
                java.util.Locale.ROOT,
                "one stream over mTLS (SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE=4 MiB), plaintext"
                    + " MB/s; Nexus: %s; raw: %s; transport ceiling (bare endpoint echoing the"
                    + " same bodies over the same mTLS): %.0f MB/s, so Nexus reaches %.2f× of"
                    + " the transport",
                stream,
                raw,
                bareEcho,
                stream.goodput() * CIPHER_BYTES / 1e6 / bareEcho))
        .withBaseline("raw JCE AES-GCM, same payload, in process", raw.goodput() * mb)
        .withTarget(Target.minRatio(0.4));
  }

  private LoadConfig jitWarmUp() {
    return LoadConfig.closedLoop(
        CONCURRENCY, Duration.ofSeconds(1), Duration.ofSeconds(settings.quick() ? 2 : 15));
  }

  private LoadConfig closed(int concurrency) {
    return LoadConfig.closedLoop(
        concurrency,
        Duration.ofSeconds(settings.quick() ? 1 : 3),
        Duration.ofSeconds(settings.loadSeconds()));
  }

  private LoadConfig open(double rate) {
    return LoadConfig.openLoop(
        CONCURRENCY * 4,
        Math.max(1, rate),
        Duration.ofSeconds(1),
        Duration.ofSeconds(settings.loadSeconds()));
  }

  static HttpRequest post(URI base, String pathAndQuery, byte[] body) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  static void send(HttpClient http, HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != expected) {
      throw new IOException(
          request.uri().getPath()
              + " answered "
              + r.statusCode()
              + " "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
