package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.client.SecretMetadata;
import ist.spike.client.SpikeClient;
import ist.spike.client.SpikeConflictException;
import ist.spike.client.error.SpikeException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 with real processes: {@code spike-dev --backend postgres --nexus 2} runs a real
 * PostgreSQL server, two Nexus processes, three Keepers and Bootstrap; the SDK talks to both Nexus
 * URLs over mTLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityE2ETest {
  Path dir;
  Process devMain;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());
  Map<String, String> env;
  URI a;
  URI b;

  @BeforeAll
  void startStack(@TempDir Path tempDir) throws Exception {
    dir = tempDir.resolve("stack");
    devMain = DevStackProcess.start(dir, output, "--backend", "postgres", "--nexus", "2").process();
    env = Pilot.envFile(dir.resolve("env"));
    String[] urls = env.get("SPIKE_NEXUS_API_URL").split(",");
    assertThat(urls).as("DIR/env lists both Nexus URLs").hasSize(2);
    a = URI.create(urls[0]);
    b = URI.create(urls[1]);
  }

  @AfterAll
  void stopStack() throws Exception {
    if (devMain != null && devMain.isAlive()) {
      devMain.toHandle().destroy();
      if (!devMain.waitFor(60, TimeUnit.SECONDS)) {
        devMain.destroyForcibly();
      }
    }
  }

  private SpikeClient client(URI... urls) {
    Map<String, String> e = new HashMap<>(env);
    e.put(
        "SPIKE_NEXUS_API_URL",
        String.join(",", java.util.Arrays.stream(urls).map(URI::toString).toList()));
    return SpikeClient.fromEnvironment(e);
  }

  @Test
  @Order(1)
  void bothInstancesReady_andBootstrapKeyedTheClusterOnce() throws Exception {
    assertThat(output).anyMatch(l -> l.startsWith("SPIKE dev stack up") && l.contains(" ready"));
    try (SpikeClient viaA = client(a);
        SpikeClient viaB = client(b)) {
      viaA.secrets().put("ha/hello", Map.of("k", "from-a"));
      assertThat(viaB.secrets().get("ha/hello")).contains(Map.of("k", "from-a"));
    }
  }

  @Test
  @Order(2)
  void fiftyCasWritesSplitAcrossAandB_exactlyOneWinnerPerVersion() throws Exception {
    String path = "ha/cas";
    Map<Integer, String> winners = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    // CAS writes are safe to resend, so each client may fail over (a closed keep-alive
    // connection then costs no write); each still starts on its own instance.
    try (SpikeClient viaA = client(a, b);
        SpikeClient viaB = client(b, a);
        ExecutorService pool = Executors.newFixedThreadPool(50)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        SpikeClient via = i % 2 == 0 ? viaA : viaB;
        String me = "w" + i;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  while (true) {
                    int seen =
                        via.secrets()
                            .metadata(path, 0)
                            .map(SecretMetadata::currentVersion)
                            .orElse(0);
                    try {
                      via.secrets().putIfCurrent(path, Map.of("k", me), seen);
                      if (winners.putIfAbsent(seen + 1, me) != null) {
                        duplicates.incrementAndGet();
                      }
                      return null;
                    } catch (SpikeConflictException e) {
                      conflicts.incrementAndGet();
                    }
                  }
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(240, TimeUnit.SECONDS);
      }
      assertThat(duplicates).hasValue(0);
      assertThat(winners).hasSize(50);
      assertThat(winners.keySet())
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
      assertThat(conflicts.get()).isPositive();
      assertThat(viaB.secrets().metadata(path, 0).orElseThrow().currentVersion()).isEqualTo(50);
    }
  }

  @Test
  @Order(3)
  void kill9OneNexusDuringWritesThroughBothUrls_ackedWritesReadable_writesContinueWithin2s()
      throws Exception {
    Map<String, String> acked = new ConcurrentHashMap<>();
    AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicLong firstAckAfterKill = new AtomicLong(Long.MAX_VALUE);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (SpikeClient preferA = client(a, b);
        SpikeClient preferB = client(b, a)) {
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        SpikeClient via = w % 2 == 0 ? preferA : preferB;
        int writer = w;
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; System.nanoTime() < end; i++) {
                        String path = "ha/kill/" + writer + "/" + i;
                        String value = "v-" + writer + "-" + i;
                        long started = System.nanoTime();
                        try {
                          via.secrets().put(path, Map.of("k", value));
                          acked.put(path, value);
                          if (started > killedAt.get()) {
                            firstAckAfterKill.accumulateAndGet(System.nanoTime(), Math::min);
                          }
                        } catch (SpikeException e) {
                          // not acknowledged: may or may not be stored
                        }
                      }
                    }));
      }
      Thread.sleep(3000);
      long pid = Long.parseLong(Files.readString(dir.resolve("run").resolve("nexus-2.pid")).trim());
      Optional<ProcessHandle> victim = ProcessHandle.of(pid);
      assertThat(victim).isPresent();
      new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
      killedAt.set(System.nanoTime());
      for (Thread t : writers) {
        t.join();
      }
      assertThat(acked).hasSizeGreaterThan(10);
      long gapMillis = TimeUnit.NANOSECONDS.toMillis(firstAckAfterKill.get() - killedAt.get());
      System.out.println(
          "HA e2e: first acknowledged write after kill -9 of B: " + gapMillis + " ms");
      assertThat(gapMillis).as("ms until writes continue through A").isLessThan(2000);
      for (Map.Entry<String, String> e : acked.entrySet()) {
        assertThat(preferA.secrets().get(e.getKey()))
            .as("acknowledged write %s", e.getKey())
            .contains(Map.of("k", e.getValue()));
      }
    }
  }
}
