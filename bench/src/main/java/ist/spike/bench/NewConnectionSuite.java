package ist.spike.bench;

import ist.spike.bench.load.GoLoadClient;
import ist.spike.bench.load.KeepAliveSocketClient;
import ist.spike.bench.load.LoadConfig;
import ist.spike.bench.load.LoadResult;
import ist.spike.bench.stack.Child;
import ist.spike.bench.stack.JfrRecording;
import ist.spike.bench.stack.JitWarmUp;
import ist.spike.bench.stack.LocalStack;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.TlsProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A secret get on a new mutual-TLS connection per call, as SPIKE's Go SDK makes them: connect, full
 * handshake (no resumption), one HTTP/1.1 request with {@code Connection: close}, read the answer.
 * Nexus runs with its default TLS provider (Conscrypt) and, as the baseline in the same run, is
 * restarted with {@code SPIKE_TLS_PROVIDER=jdk}; two interleaved rounds each, best round reported.
 * Server CPU per call is Nexus's process CPU time ({@code /proc}) over the measured calls divided
 * by their number. The client is one thread in this JVM on Conscrypt (a native client, as Go's is).
 */
final class NewConnectionSuite implements Suite {
  static final String P50 = "secret get, new TLS connection per call, client p50";
  static final String CPU = "secret get, new TLS connection per call, Nexus CPU per call";
  static final String GO_P50 = "secret get, new TLS connection per call, Go client p50";
  private final BenchSettings settings;

  NewConnectionSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "newconn";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(
        Figure.notMeasured(P50, "ms", Optional.of(Target.maxValue(2.0)), why),
        Figure.notMeasured(CPU, "ms", Optional.empty(), why),
        Figure.notMeasured(GO_P50, "ms", Optional.of(Target.maxValue(2.0)), why));
  }

  /** One measured round against one Nexus. */
  record Round(
      double p50Ms,
      double p99Ms,
      double serverCpuMs,
      int calls,
      String load,
      JitWarmUp.Result warmUp) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d calls: p50 %.2f ms, p99 %.2f ms, Nexus CPU %.2f ms/call; %s; %s",
          calls,
          p50Ms,
          p99Ms,
          serverCpuMs,
          load,
          warmUp);
    }
  }

  @Override
  public List<Figure> run() throws Exception {
    if (!TlsProvider.CONSCRYPT.isAvailable()) {
      return unavailable("Conscrypt's native library does not load on this machine");
    }
    java.nio.file.Path dir = settings.out().resolve("scratch/newconn-" + System.nanoTime());
    // Each round follows a restart: the warm-up runs until Nexus's JIT has settled (after 2,000
    // calls its compilers were still most of its CPU; they take about a minute of this load).
    Duration warmupLimit = Duration.ofSeconds(settings.quick() ? 30 : 120);
    int count = settings.quick() ? 200 : 1000;
    byte[] put =
        "{\"path\":\"bench/db\",\"values\":{\"password\":\"0123456789abcdef0123456789abcdef\"}}"
            .getBytes(StandardCharsets.UTF_8);
    byte[] get = "{\"path\":\"bench/db\"}".getBytes(StandardCharsets.UTF_8);
    List<Round> nativeRounds = new ArrayList<>();
    List<Round> jdkRounds = new ArrayList<>();
    Optional<LoadResult> goRound = Optional.empty();
    String goUnavailable = "";
    try (LocalStack stack = LocalStack.builder(dir).build().startAll(Duration.ofSeconds(90));
        FileSvidSource pilot = stack.trust().sourceFor(SpikeRole.PILOT_SUPERUSER)) {
      SpiffeIdVerifier nexusId = stack.trust().roles().verifierFor(SpikeRole.NEXUS);
      Supplier<SSLContext> clients =
          () -> SpiffeTls.sslContext(pilot, nexusId, TlsProvider.CONSCRYPT);
      URI nexus = stack.nexusUrl();
      call(clients.get(), nexus, "/v1/store/secrets", put);
      for (int round = 0; round < 2; round++) {
        Optional<java.nio.file.Path> jfr =
            round == 0 ? Optional.of(dir.resolve("nexus-newconn.jfr")) : Optional.empty();
        nativeRounds.add(measure(stack, clients, nexus, get, warmupLimit, count, jfr));
        if (round == 1) {
          // Nexus is warm from the round just measured: the Go client's round follows it at once.
          try {
            goRound = Optional.of(measureWithGo(stack, nexus));
          } catch (GoLoadClient.UnavailableException e) {
            goUnavailable = e.getMessage();
          }
        }
        restart(stack, "jdk");
        jdkRounds.add(measure(stack, clients, nexus, get, warmupLimit, count, Optional.empty()));
        restart(stack, null);
      }
    }
    Round n = best(nativeRounds);
    Round j = best(jdkRounds);
    String note =
        count
            + " calls per round after a warm-up until Nexus's JIT settled (compile time under "
            + Math.round(JitWarmUp.SETTLED_SHARE * 100)
            + " % of two 3 s slices in a row, at most "
            + warmupLimit.toSeconds()
            + " s), 2 interleaved rounds per provider, best round; one client"
            + " thread (Conscrypt, TCP_NODELAY, a new SSLContext per call so nothing is resumed),"
            + " ECDSA P-256 dev SVIDs, TLS 1.3, SQLite; JFR of the first default-provider round: "
            + dir.resolve("nexus-newconn.jfr")
            + "; Nexus default provider rounds: "
            + nativeRounds
            + "; SPIKE_TLS_PROVIDER=jdk rounds: "
            + jdkRounds
            + "; SPIKE Go (2026-12-05, Go client): p50 1.89 ms, server CPU 1.24 ms per call";
    Figure goFigure =
        goRound
            .map(
                go ->
                    Figure.of(
                            GO_P50,
                            go.latencyMillis(50),
                            "ms",
                            "the Go load generator (bench/src/main/go/loadgen, the client of issue"
                                + " 13's SPIKE Go figures), one worker, a new connection per call"
                                + " (keep-alives off, no resumption), right after the second"
                                + " default-provider round: "
                                + go
                                + "; SPIKE Go (2026-12-05, Go client): p50 1.89 ms")
                        .withBaseline(
                            "same calls from this JVM's client, second round",
                            nativeRounds.get(1).p50Ms())
                        .withTarget(Target.maxValue(2.0)))
            .orElse(
                Figure.notMeasured(GO_P50, "ms", Optional.of(Target.maxValue(2.0)), goUnavailable));
    return List.of(
        goFigure,
        Figure.of(P50, n.p50Ms(), "ms", note)
            .withBaseline("Nexus with SPIKE_TLS_PROVIDER=jdk, same run", j.p50Ms())
            .withTarget(Target.maxValue(2.0)),
        Figure.of(
                "secret get, new TLS connection per call, client p99",
                n.p99Ms(),
                "ms",
                "same rounds")
            .withBaseline("Nexus with SPIKE_TLS_PROVIDER=jdk, same run", j.p99Ms()),
        Figure.of(CPU, n.serverCpuMs(), "ms", "same rounds; /proc CPU ticks of 10 ms")
            .withBaseline("Nexus with SPIKE_TLS_PROVIDER=jdk, same run", j.serverCpuMs()));
  }

  private LoadResult measureWithGo(LocalStack stack, URI nexus)
      throws GoLoadClient.UnavailableException, IOException, InterruptedException {
    GoLoadClient go =
        GoLoadClient.build(settings.home(), settings.home().resolve("bench/target/go"));
    return go.run(
        LoadConfig.closedLoop(
            1, Duration.ofSeconds(1), Duration.ofSeconds(settings.quick() ? 2 : 5)),
        new GoLoadClient.Request(
            nexus.getPort(),
            stack.trust().svidDirFor(SpikeRole.PILOT_SUPERUSER),
            stack.trust().idOf(SpikeRole.NEXUS).toString(),
            "/v1/store/secrets?action=get",
            "{\"path\":\"bench/db\"}",
            200),
        true);
  }

  private static Round best(List<Round> rounds) {
    return rounds.stream()
        .min((a, b) -> Double.compare(a.p50Ms(), b.p50Ms()))
        .orElseThrow(() -> new IllegalStateException("no rounds"));
  }

  private static void restart(LocalStack stack, String provider) throws Exception {
    stack.nexusEnvForRestarts(TlsProvider.ENV, provider);
    stack.nexus().orElseThrow().kill();
    stack.startNexus();
    if (!stack.awaitReady(Duration.ofSeconds(120))) {
      throw new IllegalStateException(
          "Nexus did not become ready after a restart:\n"
              + stack.nexus().orElseThrow().logTail(30));
    }
  }

  private static Round measure(
      LocalStack stack,
      Supplier<SSLContext> clients,
      URI nexus,
      byte[] body,
      Duration warmupLimit,
      int count,
      Optional<java.nio.file.Path> jfr)
      throws Exception {
    Child proc = stack.nexus().orElseThrow();
    JitWarmUp.Result warmUp =
        JitWarmUp.run(
            proc.pid(),
            length -> {
              long end = System.nanoTime() + length.toNanos();
              long calls = 0;
              while (System.nanoTime() < end) {
                call(clients.get(), nexus, "/v1/store/secrets?action=get", body);
                calls++;
              }
              return calls;
            },
            Duration.ofSeconds(3),
            warmupLimit);
    long[] nanos = new long[count];
    String load = Machine.loadNote();
    JfrRecording recording = jfr.isPresent() ? JfrRecording.start(proc.pid(), jfr.get()) : null;
    long cpuBefore = proc.cpuMillis().orElseThrow();
    for (int i = 0; i < count; i++) {
      // a client context of its own per call: nothing to resume, as with SPIKE's Go SDK
      SSLContext client = clients.get();
      long start = System.nanoTime();
      call(client, nexus, "/v1/store/secrets?action=get", body);
      nanos[i] = System.nanoTime() - start;
    }
    long cpu = proc.cpuMillis().orElseThrow() - cpuBefore;
    if (recording != null) {
      recording.stop();
    }
    Arrays.sort(nanos);
    return new Round(
        nanos[count / 2] / 1e6,
        nanos[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6,
        (double) cpu / count,
        count,
        load,
        warmUp);
  }

  /** One request on a new connection; fails unless Nexus answers 200. */
  static void call(SSLContext client, URI nexus, String pathAndQuery, byte[] body)
      throws IOException {
    try (SSLSocket s =
        (SSLSocket)
            client
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), nexus.getPort())) {
      // as Go's net package does; otherwise Nagle's algorithm holds the request's last segment
      s.setTcpNoDelay(true);
      s.setSoTimeout(30_000);
      s.setSSLParameters(SpiffeTls.sslParameters());
      OutputStream out = s.getOutputStream();
      out.write(KeepAliveSocketClient.jsonPost(nexus.getPort(), pathAndQuery, body, true));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = in.readAllBytes();
      String status = new String(answer, 0, Math.min(answer.length, 12), StandardCharsets.US_ASCII);
      if (!status.equals("HTTP/1.1 200")) {
        throw new IOException(
            pathAndQuery + " answered: " + new String(answer, StandardCharsets.UTF_8));
      }
    }
  }
}
