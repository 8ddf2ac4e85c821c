package ist.spike.server.protect;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.config.Env;
import java.time.Duration;
import java.util.Map;

/**
 * The limits of the transport protection layer. Immutable; defaults are safe for a production
 * Nexus. Read from the environment with {@link #fromEnv(Map)}; invalid values fall back to the
 * default, as the other {@code SPIKE_HTTP_SERVER_*} variables do.
 *
 * @param maxConcurrentRequests requests handled at once, all peers together ({@code
 *     SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS}, 256); above it the server answers 503 at once
 * @param reservedRequests the part of {@code maxConcurrentRequests} only privileged peers may use
 *     ({@code SPIKE_HTTP_SERVER_RESERVED_REQUESTS}, 32)
 * @param maxConcurrentRequestsPerPeer requests of one SPIFFE ID handled at once ({@code
 *     SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS_PER_PEER}, 32); above it 429
 * @param maxConnectionsPerPeer open TLS connections of one SPIFFE ID ({@code
 *     SPIKE_HTTP_SERVER_MAX_CONNECTIONS_PER_PEER}, 64); a connection above it is closed right after
 *     its handshake
 * @param maxPendingHandshakes connections whose TLS handshake has not finished, all sources
 *     together ({@code SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES}, 256); the oldest is closed to
 *     make room
 * @param maxPendingHandshakesPerAddress the same, per source IP address ({@code
 *     SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES_PER_ADDRESS}, 64)
 * @param handshakeTimeout the time a TLS handshake may take ({@code
 *     SPIKE_HTTP_SERVER_TLS_HANDSHAKE_TIMEOUT}, 5s)
 * @param minRequestDataRate the slowest accepted request body, in bytes per second ({@code
 *     SPIKE_HTTP_SERVER_MIN_REQUEST_DATA_RATE}, 1024)
 */
public record ProtectionLimits(
    int maxConcurrentRequests,
    int reservedRequests,
    int maxConcurrentRequestsPerPeer,
    int maxConnectionsPerPeer,
    int maxPendingHandshakes,
    int maxPendingHandshakesPerAddress,
    Duration handshakeTimeout,
    long minRequestDataRate) {

  /** The defaults. */
  public static final ProtectionLimits DEFAULT =
      new ProtectionLimits(256, 32, 32, 64, 256, 64, Duration.ofSeconds(5), 1024);

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException naming the limit that is out of range
   */
  public ProtectionLimits {
    requireNonNull(handshakeTimeout, "handshakeTimeout must not be null");
    positive(maxConcurrentRequests, "maxConcurrentRequests");
    positive(maxConcurrentRequestsPerPeer, "maxConcurrentRequestsPerPeer");
    positive(maxConnectionsPerPeer, "maxConnectionsPerPeer");
    positive(maxPendingHandshakes, "maxPendingHandshakes");
    positive(maxPendingHandshakesPerAddress, "maxPendingHandshakesPerAddress");
    positive(minRequestDataRate, "minRequestDataRate");
    if (reservedRequests < 0 || reservedRequests >= maxConcurrentRequests) {
      throw new IllegalArgumentException(
          "reservedRequests must be 0.."
              + (maxConcurrentRequests - 1)
              + " (below maxConcurrentRequests), got "
              + reservedRequests);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "handshakeTimeout must be positive, got " + handshakeTimeout);
    }
  }

  /**
   * Reads the limits from {@code SPIKE_HTTP_SERVER_*} variables (see the component docs).
   *
   * @param env the environment
   * @return the limits
   * @throws IllegalArgumentException if the reserved share is not below the global cap
   */
  public static ProtectionLimits fromEnv(Map<String, String> env) {
    Env e = Env.of(requireNonNull(env, "env must not be null"));
    ProtectionLimits d = DEFAULT;
    return new ProtectionLimits(
        e.positiveInt("SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS", d.maxConcurrentRequests),
        e.positiveInt("SPIKE_HTTP_SERVER_RESERVED_REQUESTS", d.reservedRequests),
        e.positiveInt(
            "SPIKE_HTTP_SERVER_MAX_CONCURRENT_REQUESTS_PER_PEER", d.maxConcurrentRequestsPerPeer),
        e.positiveInt("SPIKE_HTTP_SERVER_MAX_CONNECTIONS_PER_PEER", d.maxConnectionsPerPeer),
        e.positiveInt("SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES", d.maxPendingHandshakes),
        e.positiveInt(
            "SPIKE_HTTP_SERVER_MAX_PENDING_HANDSHAKES_PER_ADDRESS",
            d.maxPendingHandshakesPerAddress),
        e.duration("SPIKE_HTTP_SERVER_TLS_HANDSHAKE_TIMEOUT", d.handshakeTimeout),
        e.positiveInt("SPIKE_HTTP_SERVER_MIN_REQUEST_DATA_RATE", (int) d.minRequestDataRate));
  }

  private static void positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
