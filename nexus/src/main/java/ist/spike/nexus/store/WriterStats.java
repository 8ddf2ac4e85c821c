package ist.spike.nexus.store;

/**
 * Group-commit counters of a backend, for metrics: zero for backends without a group-commit writer
 * (memory, lite).
 */
public final class WriterStats {
  private WriterStats() {}

  /**
   * Returns the transactions committed so far.
   *
   * @param backend the backend, or null before one is open
   * @return the count
   */
  public static long commits(Backend backend) {
    return stats(backend)[0];
  }

  /**
   * Returns the writes those transactions carried.
   *
   * @param backend the backend, or null before one is open
   * @return the count
   */
  public static long writes(Backend backend) {
    return stats(backend)[1];
  }

  private static long[] stats(Backend backend) {
    return switch (backend) {
      case SqliteBackend s -> s.writerStats();
      case PostgresBackend p -> p.writerStats();
      case null, default -> new long[] {0, 0};
    };
  }
}
