package ist.spike.bench.load;

/** One request of a load test; it throws to report a failed request. */
@FunctionalInterface
public interface Operation {
  /**
   * Performs the request once.
   *
   * @param sequence the request's number in the run, starting at 0
   * @throws Exception if the request failed (counted as an error, its latency still recorded)
   */
  void run(long sequence) throws Exception;
}
