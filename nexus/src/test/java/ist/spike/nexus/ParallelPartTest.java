package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ParallelPartTest {
  /** A part that remembers whether it was closed. */
  private static final class Part implements AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void await_partMadeOnAnotherThread_returnsIt() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch callerMayGo = new CountDownLatch(1);
    Part made = new Part();
    ParallelPart<Part> part =
        ParallelPart.start(
            "test-part",
            () -> {
              thread.set(Thread.currentThread().getName());
              callerMayGo.countDown();
              return made;
            });
    // the caller goes on while the part is made: this wait would never end on one thread
    assertThat(callerMayGo.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(part.await()).isSameAs(made);
    assertThat(thread.get()).isEqualTo("test-part");
    assertThat(made.closed).isFalse();
  }

  @Test
  void await_makingThrows_rethrowsTheSameException() {
    IllegalStateException cause =
        new IllegalStateException("the audit file /x cannot be opened: denied");
    ParallelPart<Part> part =
        ParallelPart.start(
            "test-part",
            () -> {
              throw cause;
            });
    assertThatThrownBy(part::await).isSameAs(cause);
  }

  @Test
  void await_makingThrowsChecked_throwsIllegalStateWithItsMessage() {
    ParallelPart<Part> part =
        ParallelPart.start(
            "test-part",
            () -> {
              throw new java.io.IOException("disk gone");
            });
    assertThatThrownBy(part::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk gone");
  }

  @Test
  void abandon_closesTheMadePart() {
    Part made = new Part();
    ParallelPart.start("test-part", () -> made).abandon();
    assertThat(made.closed).isTrue();
  }

  @Test
  void abandon_makingFailed_doesNotThrow() {
    ParallelPart<Part> part =
        ParallelPart.start(
            "test-part",
            () -> {
              throw new IllegalStateException("no");
            });
    part.abandon();
  }
}
