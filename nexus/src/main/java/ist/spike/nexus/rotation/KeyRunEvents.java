package ist.spike.nexus.rotation;

import java.time.Duration;

/**
 * State changes of root-key runs (rotation, rekey) for the audit chain (ADR-0230). Callers pass
 * generations, thresholds, phases, counts and failure reasons only, never key material.
 * Thread-safe.
 */
public interface KeyRunEvents {
  /** Events that go nowhere (tests, embedded use). */
  KeyRunEvents NONE = new KeyRunEvents() {};

  /**
   * A rotation phase was recorded in the store (or a pending rotation rolled back).
   *
   * @param from the generation being replaced
   * @param to the new generation
   * @param phase {@code pending}, {@code delivering}, {@code resealing}, {@code done} or {@code
   *     rolled_back}
   */
  default void rotationPhase(int from, int to, String phase) {}

  /**
   * A rekey phase was recorded in the store.
   *
   * @param fromThreshold the threshold of the split being replaced
   * @param toThreshold the threshold of the split being delivered
   * @param phase {@code pending}, {@code delivering} or {@code done}
   */
  default void rekeyPhase(int fromThreshold, int toThreshold, String phase) {}

  /**
   * A run stopped before done (a Keeper did not answer, the store failed) and its resume was
   * scheduled.
   *
   * @param run {@code rekey} or {@code root-key rotation}
   * @param failures consecutive failed attempts, at least 1
   * @param retryIn when the resume runs
   * @param reason why it stopped (names Keepers by URL; no key material)
   */
  default void keyRunRetry(String run, int failures, Duration retryIn, String reason) {}
}
