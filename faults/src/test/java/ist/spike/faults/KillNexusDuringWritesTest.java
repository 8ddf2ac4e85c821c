package ist.spike.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.bench.stack.LocalStack;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL of Nexus in the middle of concurrent durable writes. Four writers put distinct secrets
 * for 12 seconds (shortened from the 30 s to keep CI bounded; the kill lands 4 s in, with
 * writes in flight, and writing goes on after Nexus is ready again until writes are acknowledged,
 * at most 30 s); Nexus is started again at once, as a supervisor would, and recovers its root key
 * from the Keepers by itself. Afterwards every acknowledged write must read back exactly, and every
 * write that was not acknowledged must be either absent or complete: never half-written. Runs on
 * the {@link SharedStack}.
 */
@ExtendWith(SharedStack.class)
@Order(2)
class KillNexusDuringWritesTest {
  private static final Duration WRITING = Duration.ofSeconds(12);
  private static final Duration AFTER_RESTART = Duration.ofSeconds(30);
  private static final int WRITERS = 4;

  @Test
  void kill9DuringWrites_acknowledgedWritesSurviveAndNothingIsHalfWritten(LocalStack stack)
      throws Exception {
    Nexus nexus = new Nexus(stack);
    Map<String, String> acked = new ConcurrentHashMap<>();
    Map<String, String> notAcked = new ConcurrentHashMap<>();
    AtomicLong ackedAfterRestart = new AtomicLong();
    AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
    long window = System.nanoTime() + WRITING.toNanos();
    // writers run until told to stop, after the restart: on a loaded machine the restart can
    // outlast the window
    AtomicLong end = new AtomicLong(Long.MAX_VALUE);
    AtomicReference<String> lastFailure = new AtomicReference<>("none");
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SecureRandom random = new SecureRandom();
                    for (int i = 0; System.nanoTime() < end.get(); i++) {
                      String path = "faults/writer-" + writer + "/" + i;
                      byte[] v = new byte[48];
                      random.nextBytes(v);
                      String value = HexFormat.of().formatHex(v);
                      try {
                        Nexus.Reply r = nexus.put(path, "value", value);
                        if (r.status() == 200) {
                          acked.put(path, value);
                          if (System.nanoTime() > restartedAt.get()) {
                            ackedAfterRestart.incrementAndGet();
                          }
                        } else {
                          notAcked.put(path, value);
                          lastFailure.set(r.status() + " " + r.body());
                          pause();
                        }
                      } catch (Exception e) {
                        notAcked.put(path, value);
                        lastFailure.set(e.toString());
                        pause();
                      }
                    }
                  }));
    }
    Thread.sleep(4000);
    int ackedBeforeKill = acked.size();
    try {
      stack.nexus().orElseThrow().kill();
      stack.startNexus();
      assertThat(stack.awaitReady(Duration.ofSeconds(60)))
          .as("Nexus recovers its root key from the Keepers by itself after SIGKILL")
          .isTrue();
      restartedAt.set(System.nanoTime());
      // writing goes on until every writer could have had a write acknowledged, at most 30 s
      long cap = restartedAt.get() + AFTER_RESTART.toNanos();
      while (ackedAfterRestart.get() < WRITERS && System.nanoTime() < cap) {
        Thread.sleep(50);
      }
      while (System.nanoTime() < window) {
        Thread.sleep(50);
      }
    } finally {
      end.set(System.nanoTime());
    }
    for (Thread t : writers) {
      t.join();
    }

    assertThat(ackedBeforeKill).as("writes acknowledged before the kill").isPositive();
    assertThat(ackedAfterRestart.get())
        .as("writes acknowledged after the restart (last failure: %s)", lastFailure.get())
        .isPositive();
    for (Map.Entry<String, String> e : acked.entrySet()) {
      Nexus.Reply r = nexus.get(e.getKey());
      assertThat(r.status()).as("acknowledged %s", e.getKey()).isEqualTo(200);
      assertThat(r.body().path("data").path("value").asText())
          .as("acknowledged %s reads back exactly", e.getKey())
          .isEqualTo(e.getValue());
    }
    for (Map.Entry<String, String> e : notAcked.entrySet()) {
      Nexus.Reply r = nexus.get(e.getKey());
      assertThat(r.status()).as("unacknowledged %s: absent or whole", e.getKey()).isIn(200, 404);
      if (r.status() == 200) {
        assertThat(r.body().path("data").path("value").asText()).isEqualTo(e.getValue());
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
