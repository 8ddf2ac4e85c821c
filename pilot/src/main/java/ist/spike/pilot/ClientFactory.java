package ist.spike.pilot;

import ist.spike.client.SpikeClient;
import java.util.Map;

/** Opens the SDK client a command uses; tests substitute one pointing at a test Nexus. */
@FunctionalInterface
public interface ClientFactory {
  /**
   * Opens a client.
   *
   * @param env the environment
   * @return the client; the caller closes it
   * @throws RuntimeException if the SVID cannot be obtained or a variable is invalid
   */
  SpikeClient open(Map<String, String> env);
}
