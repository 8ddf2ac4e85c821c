package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The queue and thread of a group-commit writer: callers queue writes and wait; one thread takes
 * whatever has queued up (at most {@code maxBatch}) and hands it to the writer's batch runner,
 * which completes every task's future.
 */
final class WriteQueue implements AutoCloseable {

  /** A queued write and the future its caller waits on. */
  record Task<T>(GroupCommitWriter.Work<T> work, CompletableFuture<T> future) {}

  private static final Task<Void> STOP = new Task<>(c -> null, new CompletableFuture<>());

  private final int maxBatch;
  private final Consumer<List<Task<?>>> runBatch;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the thread.
   *
   * @param maxBatch the most writes per batch, at least 1
   * @param name the thread name
   * @param runBatch runs one non-empty batch and completes each task's future
   */
  WriteQueue(int maxBatch, String name, Consumer<List<Task<?>>> runBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1; got " + maxBatch);
    }
    this.maxBatch = maxBatch;
    this.runBatch = requireNonNull(runBatch, "runBatch");
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Queues a write and waits for its batch; see the writers' {@code execute}. */
  <T> T execute(GroupCommitWriter.Work<T> work) {
    if (closed) {
      throw new StoreException("the database is closed");
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    queue.add(new Task<>(work, future));
    try {
      while (true) {
        try {
          return future.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
          if (!thread.isAlive()) {
            throw new StoreException("the database writer thread stopped; restart Nexus");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a database write");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new StoreException("database write failed", cause);
    }
  }

  private void loop() {
    List<Task<?>> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      try {
        Task<?> first = queue.take();
        if (first == STOP) {
          return;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
      } catch (InterruptedException e) {
        return;
      }
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        runBatch.accept(batch);
      }
      if (stop) {
        return;
      }
    }
  }

  /** Returns true once {@link #close()} was called. */
  boolean isClosed() {
    return closed;
  }

  /** Runs the writes queued so far, then stops the thread (waiting up to 30 s); idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
