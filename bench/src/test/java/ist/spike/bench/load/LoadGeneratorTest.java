package ist.spike.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void run_openLoopWithStall_chargesQueueingToLatency() throws Exception {
    // One worker, 200 requests/s, and request 20 stalls for 300 ms. A generator that measured from
    // the actual send time would report one slow request; ours charges the wait to the ~60
    // requests that were due during the stall, so well over 1% of them exceed 100 ms.
    LoadConfig config = LoadConfig.openLoop(1, 200, Duration.ZERO, Duration.ofSeconds(1));
    LoadResult result =
        LoadGenerator.run(
            config,
            seq -> {
              if (seq == 20) {
                Thread.sleep(300);
              }
            });

    assertThat(result.completed()).isBetween(150L, 201L);
    assertThat(result.latencyMillis(90)).isGreaterThan(100);
    assertThat(result.errors()).isZero();
  }

  @Test
  void run_onVirtualThreads_everyRequestRunsOnAVirtualThread() throws Exception {
    AtomicLong onPlatform = new AtomicLong();
    java.util.Set<Thread> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    LoadResult result =
        LoadGenerator.run(
            LoadConfig.closedLoop(16, Duration.ZERO, Duration.ofMillis(300)),
            seq -> {
              workers.add(Thread.currentThread());
              if (!Thread.currentThread().isVirtual()) {
                onPlatform.incrementAndGet();
              }
              Thread.sleep(1);
            },
            true);

    assertThat(onPlatform.get()).isZero();
    assertThat(workers).hasSize(16);
    assertThat(result.completed()).isPositive();
    assertThat(result.errors()).isZero();
  }

  @Test
  void run_closedLoop_countsErrorsSeparately() throws Exception {
    AtomicLong calls = new AtomicLong();
    LoadResult result =
        LoadGenerator.run(
            LoadConfig.closedLoop(2, Duration.ZERO, Duration.ofMillis(300)),
            seq -> {
              calls.incrementAndGet();
              if (seq % 2 == 0) {
                throw new IllegalStateException("refused");
              }
            });

    assertThat(result.completed()).isPositive().isLessThanOrEqualTo(calls.get());
    assertThat(result.errors()).isPositive().isLessThan(result.completed());
    assertThat(result.goodput()).isLessThan(result.throughput());
  }

  @Test
  void run_warmup_isNotRecorded() throws Exception {
    AtomicLong calls = new AtomicLong();
    LoadResult result =
        LoadGenerator.run(
            LoadConfig.openLoop(1, 100, Duration.ofMillis(500), Duration.ofMillis(500)),
            seq -> calls.incrementAndGet());

    assertThat(calls.get()).isBetween(95L, 100L);
    assertThat(result.completed()).isBetween(45L, 50L);
  }

  @Test
  void openLoop_zeroRate_isRejected() {
    assertThatThrownBy(() -> LoadConfig.openLoop(1, 0, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate must be > 0");
  }
}
