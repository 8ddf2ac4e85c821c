package ist.spike.nexus;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One part of Nexus's start-up made on its own platform thread while the main thread makes the
 * others (ADR 0191). {@link #await()} hands back the part or throws what making it threw; {@link
 * #abandon()} is for a start that fails elsewhere: it waits for the part and closes it.
 *
 * @param <T> the part, closed by {@link #abandon()}
 */
final class ParallelPart<T extends AutoCloseable> {
  private final FutureTask<T> task;

  private ParallelPart(FutureTask<T> task) {
    this.task = task;
  }

  /**
   * Starts making a part on a new daemon platform thread.
   *
   * @param threadName the thread's name (it shows in thread dumps while the part is made)
   * @param make makes the part; its unchecked exceptions reach {@link #await()}
   * @return the part being made
   */
  static <T extends AutoCloseable> ParallelPart<T> start(String threadName, Callable<T> make) {
    requireNonNull(threadName, "threadName");
    FutureTask<T> task = new FutureTask<>(requireNonNull(make, "make"));
    Thread.ofPlatform().name(threadName).daemon(true).start(task);
    return new ParallelPart<>(task);
  }

  /**
   * Waits for the part.
   *
   * @return the part
   * @throws RuntimeException what making it threw (the same exception), or an {@link
   *     IllegalStateException} if this thread was interrupted while waiting
   */
  T await() {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      throw new IllegalStateException("interrupted while waiting for a start-up part", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** Waits for the part and closes it, ignoring a failure to make or close it. */
  void abandon() {
    try {
      await().close();
    } catch (Exception ignored) {
      // the start is failing already: the caller reports its own cause
    }
  }
}
