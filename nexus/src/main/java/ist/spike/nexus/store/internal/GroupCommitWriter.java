package ist.spike.nexus.store.internal;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.nexus.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every write on one thread and one connection. Writes that queue up while a transaction
 * commits are run together in the next transaction (group commit), each inside its own savepoint so
 * a failing write is rolled back alone; all of them complete only after the shared commit.
 */
public final class GroupCommitWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

  /** One unit of work on the writer connection. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs inside the open transaction.
     *
     * @param connection the writer connection (auto-commit off)
     * @return the result
     * @throws SQLException on database failure
     */
    T run(Connection connection) throws SQLException;
  }

  private final Connection connection;
  private final WriteQueue queue;
  // Written only by the writer thread: true from the first refused write until a commit succeeds.
  private boolean refusing;
  private final java.util.concurrent.atomic.AtomicLong commits =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong writes =
      new java.util.concurrent.atomic.AtomicLong();
  private final IntConsumer committedBatches;

  /**
   * Starts the writer thread.
   *
   * @param connection the writer connection; owned and closed by this writer
   * @param maxBatch the most writes per transaction
   * @param name the thread name
   * @throws SQLException if auto-commit cannot be turned off
   */
  public GroupCommitWriter(Connection connection, int maxBatch, String name) throws SQLException {
    this(connection, maxBatch, name, size -> {});
  }

  /**
   * Starts the writer thread, telling {@code committedBatches} the size of every committed batch.
   *
   * @param connection the writer connection; owned and closed by this writer
   * @param maxBatch the most writes per transaction
   * @param name the thread name
   * @param committedBatches called on the writer thread after each commit, before the batch's
   *     writes return, with the number of writes the transaction carried; it must be quick and
   *     thread-safe, and what it throws is logged
   * @throws SQLException if auto-commit cannot be turned off
   */
  public GroupCommitWriter(
      Connection connection, int maxBatch, String name, IntConsumer committedBatches)
      throws SQLException {
    this.connection = requireNonNull(connection, "connection");
    this.committedBatches = requireNonNull(committedBatches, "committedBatches");
    // Transactions are explicit (BEGIN IMMEDIATE … COMMIT) so no lock is held between batches.
    connection.setAutoCommit(true);
    this.queue = new WriteQueue(maxBatch, name, this::runBatch);
  }

  /**
   * Runs a write and waits for its commit.
   *
   * @param work the write
   * @param <T> the result type
   * @return the write's result
   * @throws StoreException if the database fails; a {@link RuntimeException} thrown by the work
   *     itself is rethrown unchanged
   */
  public <T> T execute(Work<T> work) {
    return queue.execute(work);
  }

  private void runBatch(List<WriteQueue.Task<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    try {
      sql("BEGIN IMMEDIATE");
      for (WriteQueue.Task<?> task : batch) {
        completions.add(runOne(task));
      }
      sql("COMMIT");
      commits.incrementAndGet();
      writes.addAndGet(batch.size());
      if (refusing) {
        refusing = false;
        LOG.info("the data store accepts writes again");
      }
      // before the writers return, so a client that saw its write committed also sees it counted
      report(committedBatches, batch.size());
      completions.forEach(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      try {
        sql("ROLLBACK");
      } catch (SQLException rollback) {
        // SQLite may already have rolled back (SQLITE_FULL, SQLITE_IOERR): nothing to undo.
        e.addSuppressed(rollback);
      }
      StoreException failure;
      Optional<String> environment = StorageFaults.environmentCause(e);
      if (environment.isPresent()) {
        failure = new StorageUnavailableException(environment.get(), e);
        if (!refusing) {
          refusing = true;
          // One line per burst; further refusals are quiet until a commit succeeds again.
          LOG.warn(
              "the data store refuses writes ({}): disk full, read-only data directory or I/O"
                  + " error; {} writes rolled back, reads still work",
              environment.get(),
              batch.size());
        }
      } else {
        LOG.error("database commit failed; {} writes rolled back", batch.size(), e);
        failure = new StoreException("database commit failed", e);
      }
      for (WriteQueue.Task<?> task : batch) {
        task.future().completeExceptionally(failure);
      }
    }
  }

  private <T> Runnable runOne(WriteQueue.Task<T> task) throws SQLException {
    sql("SAVEPOINT write_task");
    try {
      T result = task.work().run(connection);
      sql("RELEASE write_task");
      return () -> task.future().complete(result);
    } catch (SQLException e) {
      if (StorageFaults.environmentCause(e).isPresent()) {
        // The whole transaction cannot be written (and SQLite may have rolled it back already).
        throw e;
      }
      sql("ROLLBACK TO write_task");
      sql("RELEASE write_task");
      StoreException failure = new StoreException("database write failed", e);
      return () -> task.future().completeExceptionally(failure);
    } catch (RuntimeException e) {
      if (StorageFaults.environmentCause(e).isPresent()) {
        throw e;
      }
      sql("ROLLBACK TO write_task");
      sql("RELEASE write_task");
      return () -> task.future().completeExceptionally(e);
    }
  }

  /**
   * Tells the listener a batch's size. Outside the transaction's error handling on purpose: the
   * batch is committed, so a failing listener must not turn it into a reported failure.
   */
  static void report(IntConsumer committedBatches, int size) {
    try {
      committedBatches.accept(size);
    } catch (RuntimeException e) {
      LOG.warn("the committed-batch listener failed; the batch was committed", e);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(statement);
    }
  }

  /** Returns how many transactions were committed (for diagnostics and tests). */
  public long commitCount() {
    return commits.get();
  }

  /** Returns how many writes those transactions carried. */
  public long writeCount() {
    return writes.get();
  }

  /** Finishes queued writes, stops the thread and closes the connection. */
  @Override
  public void close() {
    if (queue.isClosed()) {
      return;
    }
    queue.close();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("closing the writer connection failed", e);
    }
  }
}
