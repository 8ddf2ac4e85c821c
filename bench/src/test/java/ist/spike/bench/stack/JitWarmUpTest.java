package ist.spike.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class JitWarmUpTest {
  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void readsTheCompileTimeOfAJvmAndItOnlyGrows() throws Exception {
    long before = JitWarmUp.compileNanos(SELF);
    long sum = 0;
    for (int i = 0; i < 200_000; i++) {
      sum += Integer.toString(i).hashCode(); // gives the JIT something to compile
    }
    long after = JitWarmUp.compileNanos(SELF);

    assertThat(sum).isNotZero();
    assertThat(before).isPositive();
    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  @Test
  void anIdleJvmSettlesAfterTwoQuietSlices() throws Exception {
    AtomicInteger slices = new AtomicInteger();
    JitWarmUp.Result r =
        JitWarmUp.run(
            SELF,
            length -> {
              slices.incrementAndGet();
              Thread.sleep(length.toMillis());
              return 1;
            },
            Duration.ofMillis(500),
            Duration.ofSeconds(30));

    assertThat(r.settled()).isTrue();
    assertThat(r.lastShare()).isLessThan(JitWarmUp.SETTLED_SHARE);
    assertThat(slices.get()).isGreaterThanOrEqualTo(2);
    assertThat(r.calls()).isEqualTo(slices.get());
  }

  @Test
  void stopsAtTheLimitWhenTheJitNeverSettles() throws Exception {
    // the limit passes during the first slice, before a second quiet one can follow
    JitWarmUp.Result r = JitWarmUp.run(SELF, length -> 1, Duration.ZERO, Duration.ofMillis(1));

    assertThat(r.settled()).isFalse();
    assertThat(r.toString()).contains("not settled");
  }

  @Test
  void parsesPerfCounterLines() {
    String out = "java.ci.totalTime=51148723452\nsun.os.hrt.frequency=1000000000\nx=y\n";

    assertThat(JitWarmUp.counter(out, "java.ci.totalTime")).hasValue(51_148_723_452L);
    assertThat(JitWarmUp.counter(out, "sun.os.hrt.frequency")).hasValue(1_000_000_000L);
    assertThat(JitWarmUp.counter(out, "x")).isEmpty();
    assertThat(JitWarmUp.counter(out, "missing")).isEmpty();
  }

  @Test
  void aCounterValueNamingAnException_isNotAnError_butAJfrErrorIs() {
    // sun.ci.lastMethod names whatever the JIT compiled last
    String counters = "java.ci.totalTime=1\nsun.ci.lastMethod=\"java/io/IOException <init>\"\n";

    assertThat(Jcmd.failed(0, counters, false)).isFalse();
    assertThat(Jcmd.failed(0, "java.lang.IllegalArgumentException: bad option", true)).isTrue();
    assertThat(Jcmd.failed(1, counters, false)).isTrue();
    assertThat(Jcmd.failed(0, "Could not attach", false)).isTrue();
  }

  @Test
  void aProcessThatIsNotAJvmIsAClearError() {
    assertThatThrownBy(() -> JitWarmUp.compileNanos(Long.MAX_VALUE / 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(Long.toString(Long.MAX_VALUE / 2));
  }
}
