package ist.spike.server.metrics;

/**
 * Counts requests refused by a protection limit (per-peer rate, concurrency, connections, body
 * size, handshake bounds). Thread-safe; cheap enough to call on every refusal.
 */
@FunctionalInterface
public interface RefusalCounter {
  /** A counter that counts nothing. */
  RefusalCounter NONE = reason -> {};

  /**
   * Counts one refused request.
   *
   * @param reason a short, fixed label such as {@code peer_rate} or {@code body_too_large}; never
   *     input from the request (labels must stay few)
   */
  void refused(String reason);
}
