package ist.spike.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ThreadCpuTest {
  @Test
  @EnabledOnOs(OS.LINUX)
  void byThread_busyNamedThread_isOneGroupWithItsNumbersRemovedAndItsCpuCounted() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch stop = new CountDownLatch(1);
    Thread spinner =
        Thread.ofPlatform()
            .name("cpuprobe-17")
            .start(
                () -> {
                  long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
                  long x = 0;
                  while (System.nanoTime() < end) {
                    x += Long.numberOfTrailingZeros(x + System.nanoTime());
                  }
                  busy.countDown();
                  try {
                    stop.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try {
      assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
      Map<String, Long> cpu = ThreadCpu.byThread(ProcessHandle.current().pid());
      // the kernel's name for the thread (at most 15 characters), its number folded into '#'
      assertThat(cpu).containsKey("cpuprobe-#").doesNotContainKey("cpuprobe-17");
      // it spun for 150 ms of wall time; on a loaded machine it gets less CPU, never none
      assertThat(cpu.get("cpuprobe-#")).isPositive();
    } finally {
      stop.countDown();
      spinner.join();
    }
  }

  @Test
  void byThread_noSuchProcess_isEmpty() {
    assertThat(ThreadCpu.byThread(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void describe_largestFirst_groupsWithoutCpuLeftOut() {
    Map<String, Long> cpu = new LinkedHashMap<>();
    cpu.put("java", 300L);
    cpu.put("C2 CompilerThre", 410L);
    cpu.put("GC Thread#", 0L);
    cpu.put("C1 CompilerThre", 240L);
    assertThat(ThreadCpu.describe(cpu))
        .isEqualTo("C2 CompilerThre 410, java 300, C1 CompilerThre 240");
  }
}
