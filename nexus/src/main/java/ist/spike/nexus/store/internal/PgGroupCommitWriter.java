package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.nexus.store.StoreException;
import ist.spike.nexus.store.StoreUnreachableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on PostgreSQL: writes that queue up while a transaction commits run together in the
 * next transaction, each inside its own savepoint so a failing write is rolled back alone; all
 * complete only after the shared commit.
 *
 * <p>Each batch takes a connection from the pool, so a restarted server is picked up again without
 * restarting Nexus. When PostgreSQL aborts the transaction for a deadlock or serialization failure
 * (another Nexus wrote the same rows), or the connection breaks before the commit was sent, the
 * whole batch runs again from the start: the writes are functions of what they read, and nothing of
 * the aborted attempt was committed. A connection that breaks while the commit is in flight leaves
 * the outcome unknown; those writes fail with {@link StoreUnreachableException} and are not
 * retried.
 */
public final class PgGroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgGroupCommitWriter.class);
  private static final int MAX_ATTEMPTS = 20;
  private static final long RETRY_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final DataSource dataSource;
  private final WriteQueue queue;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final IntConsumer committedBatches;

  /**
   * Starts the writer thread.
   *
   * @param dataSource the connection pool
   * @param maxBatch the most writes per transaction
   * @param name the thread name
   */
  public PgGroupCommitWriter(DataSource dataSource, int maxBatch, String name) {
    this(dataSource, maxBatch, name, size -> {});
  }

  /**
   * Starts the writer thread, telling {@code committedBatches} the size of every committed batch.
   *
   * @param dataSource the connection pool
   * @param maxBatch the most writes per transaction
   * @param name the thread name
   * @param committedBatches called on the writer thread after each commit, before the batch's
   *     writes return, (once per batch, however many attempts it took) with the number of writes
   *     the transaction carried; it must be quick and thread-safe, and what it throws is logged
   */
  public PgGroupCommitWriter(
      DataSource dataSource, int maxBatch, String name, IntConsumer committedBatches) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.committedBatches = requireNonNull(committedBatches, "committedBatches");
    this.queue = new WriteQueue(maxBatch, name, this::runBatch);
  }

  /**
   * Runs a write and waits for its commit.
   *
   * @param work the write; may run more than once (only the committed run counts)
   * @param <T> the result type
   * @return the write's result
   * @throws StoreException if the database fails; a {@link RuntimeException} thrown by the work
   *     itself is rethrown unchanged
   */
  public <T> T execute(GroupCommitWriter.Work<T> work) {
    return queue.execute(work);
  }

  private void runBatch(List<WriteQueue.Task<?>> batch) {
    long deadline = System.nanoTime() + RETRY_BUDGET_NANOS;
    for (int attempt = 1; ; attempt++) {
      List<Runnable> completions = new ArrayList<>(batch.size());
      boolean commitSent = false;
      Connection c = null;
      try {
        c = dataSource.getConnection();
        c.setAutoCommit(false);
        for (WriteQueue.Task<?> task : batch) {
          completions.add(runOne(c, task));
        }
        commitSent = true;
        c.commit();
        commits.incrementAndGet();
        writes.addAndGet(batch.size());
        // before the writers return, so a client that saw its write committed also sees it counted
        GroupCommitWriter.report(committedBatches, batch.size());
        completions.forEach(Runnable::run);
        return;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        boolean again =
            !commitSent
                && (PgFaults.isRetryable(e) || PgFaults.isUnreachable(e))
                && attempt < MAX_ATTEMPTS
                && System.nanoTime() < deadline;
        if (again) {
          retries.incrementAndGet();
          LOG.debug("retrying a batch of {} writes (SQL state {})", batch.size(), sqlState(e));
          pause(attempt, PgFaults.isUnreachable(e));
          continue;
        }
        StoreException failure = classify(e, commitSent, batch.size());
        for (WriteQueue.Task<?> task : batch) {
          task.future().completeExceptionally(failure);
        }
        return;
      } finally {
        closeQuietly(c);
      }
    }
  }

  private static StoreException classify(Exception e, boolean commitSent, int size) {
    String state = sqlState(e);
    if (PgFaults.isUnreachable(e)) {
      LOG.warn(
          "the database is unreachable (SQL state {}); {} writes {}",
          state,
          size,
          commitSent ? "have an unknown outcome" : "were not applied");
      if (commitSent) {
        // Not 503: clients move to another Nexus on 503, and this write may have been applied.
        return new StoreException(
            "the connection to the database broke during the commit; the write may have been"
                + " applied: read before writing again",
            e);
      }
      return new StoreUnreachableException(state, e);
    }
    if (PgFaults.isEnvironment(e)) {
      LOG.warn("the database refuses writes (SQL state {}); {} writes rolled back", state, size);
      return new StorageUnavailableException("SQL state " + state, e);
    }
    LOG.error("database commit failed (SQL state {}); {} writes rolled back", state, size, e);
    return new StoreException("database commit failed", e);
  }

  private static String sqlState(Throwable e) {
    String s = PgFaults.sqlState(e);
    return s == null ? "none" : s;
  }

  private static void pause(int attempt, boolean unreachable) {
    long base = unreachable ? 200 : 2L << Math.min(attempt, 6);
    try {
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> Runnable runOne(Connection c, WriteQueue.Task<T> task) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      T result = task.work().run(c);
      c.releaseSavepoint(sp);
      return () -> task.future().complete(result);
    } catch (SQLException e) {
      if (wholeBatch(e)) {
        throw e;
      }
      c.rollback(sp);
      StoreException failure = new StoreException("database write failed", e);
      return () -> task.future().completeExceptionally(failure);
    } catch (RuntimeException e) {
      if (wholeBatch(e)) {
        throw e;
      }
      c.rollback(sp);
      return () -> task.future().completeExceptionally(e);
    }
  }

  private static boolean wholeBatch(Throwable e) {
    return PgFaults.isRetryable(e) || PgFaults.isUnreachable(e) || PgFaults.isEnvironment(e);
  }

  private static void rollbackQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken or the transaction is gone: nothing to undo
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("returning a connection to the pool failed", e);
    }
  }

  /** Returns how many transactions were committed. */
  public long commitCount() {
    return commits.get();
  }

  /** Returns how many writes those transactions carried. */
  public long writeCount() {
    return writes.get();
  }

  /** Returns how many batches were run again (deadlock, serialization failure, lost connection). */
  public long retryCount() {
    return retries.get();
  }

  /** Finishes queued writes and stops the thread; the pool is closed by its owner. */
  @Override
  public void close() {
    if (queue.isClosed()) {
      return;
    }
    queue.close();
  }
}
