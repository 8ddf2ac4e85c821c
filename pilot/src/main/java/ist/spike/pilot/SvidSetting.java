package ist.spike.pilot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before any connection is tried, that the environment names an SVID source. Without one
 * the SDK would wait for a SPIRE agent that is not there; Pilot says at once what to set instead.
 */
public final class SvidSetting {
  /** The Workload API socket used when {@code SPIFFE_ENDPOINT_SOCKET} is not set. */
  static final Path DEFAULT_AGENT_SOCKET = Path.of("/tmp/spire-agent/public/api.sock");

  /** What to do when no SVID source is configured; one line. */
  public static final String HINT =
      "no SVID is configured: set SPIKE_SVID_DIR (a directory with svid.pem, svid_key.pem,"
          + " bundle.pem) or SPIFFE_ENDPOINT_SOCKET (a SPIRE agent); with bin/spike-dev run"
          + " `. DIR/env` first (DIR is its --dir, default .spike-dev)";

  private SvidSetting() {}

  /**
   * Returns the hint when the environment names no SVID source and no SPIRE agent listens on the
   * default socket.
   *
   * @param env the environment (after {@code SPIKE_PILOT_ROLE} was applied)
   * @return the hint, or empty when an SVID source is configured
   */
  public static Optional<String> missing(Map<String, String> env) {
    if (isSet(env.get("SPIKE_SVID_DIR")) || isSet(env.get("SPIFFE_ENDPOINT_SOCKET"))) {
      return Optional.empty();
    }
    return Files.exists(DEFAULT_AGENT_SOCKET) ? Optional.empty() : Optional.of(HINT);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * Wraps a client factory so that it refuses at once, with {@link #HINT}, when no SVID source is
   * configured.
   *
   * @param clients the factory that opens the real client
   * @return the checking factory
   */
  public static ClientFactory required(ClientFactory clients) {
    return env -> {
      Optional<String> hint = missing(env);
      if (hint.isPresent()) {
        throw new IllegalStateException(hint.get());
      }
      return clients.open(env);
    };
  }
}
