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

  /**
   * Opens Pilot's client from the environment over the SDK's blocking transport: a Pilot process
   * makes a call or two and exits, so it sends them without the JDK {@code HttpClient} (ADR 0264).
   *
   * @param env the environment
   * @return the client; the caller closes it
   * @throws RuntimeException as {@link SpikeClient#fromEnvironment(Map)}
   */
  static SpikeClient fromEnvironment(Map<String, String> env) {
    return SpikeClient.fromEnvironment(env, SpikeClient.Builder::blockingTransport);
  }
}
