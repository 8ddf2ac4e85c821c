package ist.spike.bench;

import ist.spike.receipts.audit.AuditKeys;
import ist.spike.server.audit.AuditRequest;
import ist.spike.server.audit.ChainedAuditFile;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nexus's audit chain alone under concurrent appends (ADR 0199): records/s, process CPU per record,
 * records per signature and the append latency, for one build's jars. Written to be started from
 * its source file against any build, so the same code measures main and a branch:
 *
 * <pre>
 * java -cp 'dist/target/lib/*' bench/src/main/java/ist/spike/bench/AuditChainExperiment.java \
 *     DIR THREADS WARMUP_S RUN_S [WORK_US [virtual|platform]]
 * </pre>
 *
 * <p>{@code WORK_US} is busy CPU work each thread does between appends (0: appends back to back,
 * the most contention), standing in for the rest of a request. Nexus appends from virtual threads
 * (the default here), so at most as many appends run at once as there are carrier threads.
 */
public final class AuditChainExperiment {
  private AuditChainExperiment() {}

  /**
   * Runs one measurement and prints one line.
   *
   * @param args directory, threads, warm-up seconds, recorded seconds, optional work in µs and
   *     thread kind
   * @throws Exception if the chain cannot be opened
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    long warmupNanos = (long) (Double.parseDouble(args[2]) * 1e9);
    long runNanos = (long) (Double.parseDouble(args[3]) * 1e9);
    long workNanos = args.length > 4 ? Long.parseLong(args[4]) * 1000 : 0;
    boolean virtual = args.length <= 5 || args[5].equals("virtual");
    Files.createDirectories(dir);
    Path file = dir.resolve("audit.jsonl");
    Files.deleteIfExists(file);
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("audit.key"));
    AuditRequest request =
        new AuditRequest(
            "abcdefgh",
            "spiffe://spike.ist/spike/pilot/role/superuser",
            "POST",
            "/v1/store/secrets",
            "get",
            200,
            "",
            250_000,
            Map.of("path", "bench/db", "versions", "0"));
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicBoolean recording = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong recorded = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, false, n -> {})) {
      for (int t = 0; t < threads; t++) {
        long[] mine = new long[500_000];
        latencies.add(mine);
        Runnable body =
            () -> {
              int n = 0;
              while (!stop.get()) {
                spin(workNanos);
                long start = System.nanoTime();
                audit.request(request);
                long took = System.nanoTime() - start;
                if (recording.get() && n < mine.length) {
                  mine[n++] = took;
                  recorded.incrementAndGet();
                }
              }
              if (n < mine.length) {
                mine[n] = -1;
              }
            };
        workers.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body));
      }
      Thread.sleep(warmupNanos / 1_000_000);
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      recording.set(true);
      Thread.sleep(runNanos / 1_000_000);
      recording.set(false);
      long wall = System.nanoTime() - wallBefore;
      long cpu = os.getProcessCpuTime() - cpuBefore;
      long records = recorded.get();
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
      long[] counts = lines(file);
      long[] all =
          latencies.stream()
              .flatMapToLong(a -> Arrays.stream(a).takeWhile(v -> v > 0))
              .sorted()
              .toArray();
      System.out.printf(
          Locale.ROOT,
          "threads=%d %s work_us=%d records/s=%.0f cpu_us/record=%.1f records/signature=%.2f"
              + " p50_us=%.0f p99_us=%.0f load=%s%n",
          threads,
          virtual ? "virtual" : "platform",
          workNanos / 1000,
          records / (wall / 1e9),
          cpu / 1000.0 / records,
          (double) counts[0] / Math.max(1, counts[1]),
          all[all.length / 2] / 1000.0,
          all[(int) (all.length * 0.99)] / 1000.0,
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
  }

  private static void spin(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Lines and signed lines in the file so far. */
  private static long[] lines(Path file) throws Exception {
    long lines = 0;
    long signed = 0;
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines++;
        if (line.contains("\"sig\":\"")) {
          signed++;
        }
      }
    }
    return new long[] {lines, signed};
  }
}
