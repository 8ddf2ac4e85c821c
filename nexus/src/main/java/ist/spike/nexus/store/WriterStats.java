package ist.spike.nexus.store;

/** Group-commit counters of a backend, for metrics: zero for backends without a SQLite writer. */
public final class WriterStats {
  private WriterStats() {}

  /**
   * Returns the transactions committed so far.
   *
   * @param backend the backend, or null before one is open
   * @return the count
   */
  public static long commits(Backend backend) {
    return backend instanceof SqliteBackend s ? s.writerStats()[0] : 0;
  }

  /**
   * Returns the writes those transactions carried.
   *
   * @param backend the backend, or null before one is open
   * @return the count
   */
  public static long writes(Backend backend) {
    return backend instanceof SqliteBackend s ? s.writerStats()[1] : 0;
  }
}
