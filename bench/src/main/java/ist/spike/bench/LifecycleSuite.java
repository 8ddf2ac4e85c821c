package ist.spike.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.bench.stack.Child;
import ist.spike.bench.stack.LocalStack;
import ist.spike.bench.stack.Mtls;
import ist.spike.dist.AotCache;
import ist.spike.identity.SpikeRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Root-key custody timings with real processes: Nexus killed with SIGKILL and started again until
 * it serves (Keepers up, so it recovers its root key from them by itself); the break-glass restore,
 * timed from sending the last shard until Nexus serves; and the Keepers' resident memory.
 */
final class LifecycleSuite implements Suite {
  static final String RESTART = "Nexus restart to ready (keepers up)";
  static final String RESTORE = "last restore shard to ready";
  static final String RSS = "Keeper resident memory (max of keepers)";
  static final String NEXUS_RSS = "Nexus resident memory, idle";
  static final String KEEPER_START = "Keeper start to ready";
  private final BenchSettings settings;

  LifecycleSuite(BenchSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "lifecycle";
  }

  @Override
  public List<Figure> unavailable(String why) {
    return List.of(
        Figure.notMeasured(RESTART, "ms", Optional.of(Target.maxValue(600)), why),
        Figure.notMeasured(RESTORE, "ms", Optional.of(Target.maxValue(200)), why),
        Figure.notMeasured(RSS, "MB", Optional.of(Target.maxValue(60)), why),
        Figure.notMeasured(NEXUS_RSS, "MB", Optional.of(Target.maxValue(110)), why),
        Figure.notMeasured(KEEPER_START, "ms", Optional.of(Target.maxValue(300)), why));
  }

  @Override
  public List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    Path dir = settings.out().resolve("scratch/lifecycle-" + System.nanoTime());
    try (LocalStack stack =
        LocalStack.builder(dir)
            .product(settings.home().resolve("dist/target/lib"), AotCache.fromSystemProperties())
            .build()
            .startAll(Duration.ofSeconds(90))) {
      out.add(keeperRss(stack));
      out.add(nexusRss(stack));
      out.add(restart(stack));
      out.add(keeperStart(stack));
      out.add(baselineKeeperRss(stack, out.get(0).value()));
      out.add(restore(stack));
    }
    return out;
  }

  private Figure keeperRss(LocalStack stack) throws InterruptedException {
    Thread.sleep(2000); // let the Keepers settle after receiving their shards
    long max = 0;
    List<String> each = new ArrayList<>();
    for (int i = 1; i <= stack.keepers(); i++) {
      Child k = stack.keeper(i).orElseThrow();
      long rss = k.residentBytes().orElseThrow(() -> new IllegalStateException("no VmRSS"));
      each.add(String.format(java.util.Locale.ROOT, "%.1f", rss / 1048576.0));
      max = Math.max(max, rss);
    }
    return Figure.of(
            RSS,
            max / 1048576.0,
            "MB",
            "VmRSS from /proc after bootstrap, bin/spike-keeper's JVM options ("
                + ist.spike.dist.JvmFlags.KEEPER.own()
                + "); each keeper: "
                + String.join(", ", each)
                + " MB")
        .withTarget(Target.maxValue(60));
  }

  /** The Keeper options before issue 13's second round (ADR 0126 as first merged). */
  static final List<String> OLD_KEEPER =
      List.of(
          "-Xms8m",
          "-Xmx32m",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:TieredStopAtLevel=1",
          "-XX:ReservedCodeCacheSize=16m",
          "-XX:-UseCompactObjectHeaders");

  /**
   * Restarts Keeper 1 without its AOT cache and with {@link #OLD_KEEPER} (appended, so they win),
   * waits for Nexus to re-hydrate it, reads RSS: the memory baseline of the same run.
   */
  private Figure baselineKeeperRss(LocalStack stack, double ours) throws Exception {
    stack.keeper(1).orElseThrow().kill();
    stack.useAotCaches(false);
    Child k;
    try {
      k = stack.startKeeper(1, OLD_KEEPER);
    } finally {
      stack.useAotCaches(true);
    }
    LocalStack.awaitListening(stack.keeperPort(1), Duration.ofSeconds(60), k);
    Thread.sleep(5000); // Nexus pushes the shard back within its update interval (1 s here)
    long rss = k.residentBytes().orElseThrow(() -> new IllegalStateException("no VmRSS"));
    return Figure.of(
            RSS + ", previous options (" + String.join(" ", OLD_KEEPER) + "), no AOT cache",
            rss / 1048576.0,
            "MB",
            "keeper-1 restarted with the options before this change and re-hydrated by Nexus;"
                + " VmRSS includes ~20 MB of libjvm/JDK library pages every JVM on the host shares")
        .withBaseline("current options, AOT cache", ours);
  }

  /**
   * The Nexus options before issue 13's third round (ADR 0136), with Logback configured from its
   * XML file as before ADR 0135; appended, so they win.
   */
  static final List<String> OLD_NEXUS =
      List.of(
          "-Xms16m",
          "-Xmx160m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=40",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:ReservedCodeCacheSize=48m",
          "-Dlogback.configurationFile=logback.xml");

  /**
   * Nexus restarted (it recovers from the Keepers) and left idle, interleaved with the current
   * options and with {@link #OLD_NEXUS}: VmRSS read 5 and 11 s after ready, the 11 s reading is the
   * figure (settled, ADR 0208), the baseline of the same run. Leaves a Nexus with the current
   * options running.
   */
  private Figure nexusRss(LocalStack stack) throws Exception {
    int runs = settings.quick() ? 2 : 3;
    double[][] ours = new double[runs][];
    double[][] old = new double[runs][];
    for (int i = 0; i < runs; i++) {
      for (boolean current : new boolean[] {false, true}) {
        stack.nexus().orElseThrow().kill();
        Child n = stack.startNexus(current ? List.of() : OLD_NEXUS);
        if (!stack.awaitReady(Duration.ofSeconds(60))) {
          throw new IllegalStateException("Nexus did not become ready:\n" + n.logTail(30));
        }
        // idle: past start-up, Keeper check rounds done, the periodic native trim has run
        (current ? ours : old)[i] =
            IdleRss.sample(
                Thread::sleep,
                () -> n.residentBytes().orElseThrow(() -> new IllegalStateException("no VmRSS")));
      }
    }
    double[] oursSettled = Arrays.stream(ours).mapToDouble(IdleRss::settled).toArray();
    double[] oldSettled = Arrays.stream(old).mapToDouble(IdleRss::settled).toArray();
    return Figure.of(
            NEXUS_RSS,
            median(oursSettled),
            "MB",
            "median of "
                + runs
                + "; VmRSS from /proc "
                + IdleRss.SECONDS_AFTER_READY.get(IdleRss.SECONDS_AFTER_READY.size() - 1)
                + " s after ready (restarted, root key from the Keepers; settled: the 5 s native"
                + " trim has run twice since ready, ADR 0208), no load; JVM options "
                + ist.spike.dist.JvmFlags.NEXUS.own()
                + aotNote(stack)
                + "; runs "
                + IdleRss.describe(ours)
                + " after ready, with the previous options ("
                + String.join(" ", OLD_NEXUS)
                + ") "
                + IdleRss.describe(old)
                + "; "
                + Machine.loadNote())
        .withBaseline("previous options and XML logging, same AOT cache", median(oldSettled))
        .withTarget(Target.maxValue(110));
  }

  /**
   * Keeper 2 killed and started again, interleaved with and without its AOT cache: from process
   * start until its TLS port accepts connections (Jetty started with the SVID loaded).
   */
  private Figure keeperStart(LocalStack stack) throws Exception {
    int runs = settings.quick() ? 3 : 5;
    double[] with = new double[runs];
    double[] without = new double[runs];
    double[] cpuWith = new double[runs];
    double[] cpuWithout = new double[runs];
    for (int i = 0; i < runs; i++) {
      for (boolean cached : new boolean[] {false, true}) {
        stack.keeper(2).orElseThrow().kill();
        stack.useAotCaches(cached);
        long t0 = System.nanoTime();
        Child k;
        try {
          k = stack.startKeeper(2);
        } finally {
          stack.useAotCaches(true);
        }
        LocalStack.awaitListening(stack.keeperPort(2), Duration.ofSeconds(60), k);
        (cached ? with : without)[i] = (System.nanoTime() - t0) / 1e6;
        (cached ? cpuWith : cpuWithout)[i] = k.cpuMillis().orElse(-1);
      }
    }
    Thread.sleep(3000); // let Nexus give keeper-2 its shard back
    return Figure.of(
            KEEPER_START,
            median(stack.hasAotCaches() ? with : without),
            "ms",
            "median of "
                + runs
                + ", from process start to its TLS port accepting, polled every "
                + LocalStack.LISTEN_POLL_MILLIS
                + " ms"
                + aotNote(stack)
                + "; runs with cache "
                + Arrays.toString(round(with))
                + ", without "
                + Arrays.toString(round(without))
                + "; Keeper CPU time when listening, median: with cache "
                + Math.round(median(cpuWith))
                + " ms, without "
                + Math.round(median(cpuWithout))
                + " ms; "
                + Machine.loadNote())
        .withBaseline("same options, no AOT cache", median(without))
        .withTarget(Target.maxValue(300));
  }

  private static String aotNote(LocalStack stack) {
    return stack.hasAotCaches()
        ? "; with the AOT cache (bin/spike-bench trains it first)"
        : "; NO AOT cache present (JDK < 25, SPIKE_AOT=off or training failed)";
  }

  /**
   * Nexus killed with SIGKILL and started again until ready, interleaved with and without its AOT
   * cache (the baseline of the same run), and with the cache but {@link #OLD_NEXUS} (the options
   * and logging set-up before issue 13's third round).
   */
  private Figure restart(LocalStack stack) throws Exception {
    int runs = settings.quick() ? 3 : 5;
    double[] with = new double[runs];
    double[] without = new double[runs];
    double[] cpuWith = new double[runs];
    double[] cpuWithout = new double[runs];
    double[] previous = new double[runs];
    double[] cpuPrevious = new double[runs];
    for (int i = 0; i < runs; i++) {
      // 0: no cache; 1: cache, previous options and XML logging; 2: cache, current options
      for (int variant = 0; variant < 3; variant++) {
        stack.nexus().orElseThrow().kill();
        stack.useAotCaches(variant > 0);
        long t0 = System.nanoTime();
        try {
          stack.startNexus(variant == 1 ? OLD_NEXUS : List.of());
        } finally {
          stack.useAotCaches(true);
        }
        if (!stack.awaitReady(Duration.ofSeconds(60))) {
          throw new IllegalStateException(
              "Nexus did not become ready after a restart:\n"
                  + stack.nexus().orElseThrow().logTail(30));
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpu = stack.nexus().orElseThrow().cpuMillis().orElse(-1);
        switch (variant) {
          case 0 -> {
            without[i] = ms;
            cpuWithout[i] = cpu;
          }
          case 1 -> {
            previous[i] = ms;
            cpuPrevious[i] = cpu;
          }
          default -> {
            with[i] = ms;
            cpuWith[i] = cpu;
          }
        }
      }
    }
    return Figure.of(
            RESTART,
            median(stack.hasAotCaches() ? with : without),
            "ms",
            "median of "
                + runs
                + " SIGKILL + start cycles, from process start (JVM start included) to GET"
                + " /readyz = 200, polled every 10 ms"
                + aotNote(stack)
                + "; runs with cache "
                + Arrays.toString(round(with))
                + ", without "
                + Arrays.toString(round(without))
                + ", with cache and the previous options and XML logging "
                + Arrays.toString(round(previous))
                + " (median "
                + Math.round(median(previous))
                + " ms); Nexus CPU time at ready, median: with cache "
                + Math.round(median(cpuWith))
                + " ms, without "
                + Math.round(median(cpuWithout))
                + " ms, previous options "
                + Math.round(median(cpuPrevious))
                + " ms; "
                + Machine.loadNote())
        .withBaseline("same options, no AOT cache", median(without))
        .withTarget(Target.maxValue(600));
  }

  private Figure restore(LocalStack stack) throws Exception {
    ObjectMapper json = new ObjectMapper();
    HttpClient recover =
        Mtls.client(
            stack.trust().sourceFor(SpikeRole.PILOT_RECOVER),
            stack.trust().roles().verifierFor(SpikeRole.NEXUS));
    HttpClient restore =
        Mtls.client(
            stack.trust().sourceFor(SpikeRole.PILOT_RESTORE),
            stack.trust().roles().verifierFor(SpikeRole.NEXUS));
    URI nexus = stack.nexusUrl();
    HttpResponse<byte[]> r =
        recover.send(
            ServerSuite.post(nexus, "/v1/operator/recover", "{}".getBytes(StandardCharsets.UTF_8)),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("recover answered " + r.statusCode());
    }
    JsonNode shards = json.readTree(r.body()).get("shards");
    List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = shards.fields(); it.hasNext(); ) {
      list.add(it.next());
    }
    int runs = settings.quick() ? 1 : 3;
    double[] ms = new double[runs];
    for (int run = 0; run < runs; run++) {
      // Lose every Keeper's memory and restart Nexus: only the operator's shards can bring it back.
      stack.nexus().orElseThrow().kill();
      for (int i = 1; i <= stack.keepers(); i++) {
        stack.keeper(i).orElseThrow().kill();
        stack.startKeeper(i);
      }
      for (int i = 1; i <= stack.keepers(); i++) {
        LocalStack.awaitListening(
            stack.keeperPort(i), Duration.ofSeconds(60), stack.keeper(i).orElseThrow());
      }
      stack.startNexus();
      LocalStack.awaitListening(stack.nexusPort(), Duration.ofSeconds(60), stack.nexus().get());
      Thread.sleep(1000);
      if (stack.isReady()) {
        throw new IllegalStateException("Nexus is ready although no Keeper holds a shard");
      }
      long t0 = 0;
      for (int s = 0; s < stack.threshold(); s++) {
        Map.Entry<String, JsonNode> shard = list.get(s);
        byte[] body =
            ("{\"id\":" + shard.getKey() + ",\"shard\":" + shard.getValue() + "}")
                .getBytes(StandardCharsets.UTF_8);
        if (s == stack.threshold() - 1) {
          t0 = System.nanoTime();
        }
        HttpResponse<byte[]> rr =
            restore.send(
                ServerSuite.post(nexus, "/v1/operator/restore", body),
                HttpResponse.BodyHandlers.ofByteArray());
        if (rr.statusCode() != 200) {
          throw new IOException(
              "restore answered "
                  + rr.statusCode()
                  + " "
                  + new String(rr.body(), StandardCharsets.UTF_8));
        }
      }
      while (!stack.isReady()) {
        if (System.nanoTime() - t0 > 30_000_000_000L) {
          throw new IllegalStateException("Nexus not ready 30 s after the last restore shard");
        }
        Thread.sleep(1);
      }
      ms[run] = (System.nanoTime() - t0) / 1e6;
    }
    return Figure.of(
            RESTORE,
            median(ms),
            "ms",
            "median of "
                + runs
                + "; Keepers restarted empty and Nexus restarted, then the threshold of shards"
                + " sent with the restore role; timed from sending the last shard to GET /readyz"
                + " = 200; runs: "
                + Arrays.toString(round(ms)))
        .withTarget(Target.maxValue(200));
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static long[] round(double[] v) {
    return Arrays.stream(v).mapToLong(Math::round).toArray();
  }
}
