package ist.spike.spring;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotReadyException;

/**
 * Whether Nexus answers, for the health indicators of each Spring Boot generation: it reads a path
 * that normally does not exist. Any answer from a ready Nexus (found, not found, not allowed) is
 * up; unreachable or not ready (503) is down. The result names the Nexus URL, never secret values.
 */
final class NexusProbe {
  static final String PROBE_PATH = "spike/health-probe";

  /** What one probe found: {@code error} is {@code null} when Nexus is up. */
  record Result(boolean up, String nexus, String error) {}

  private NexusProbe() {}

  static Result probe(SpikeClient client) {
    String nexus = client.nexusUrl().toString();
    try {
      client.secrets().get(PROBE_PATH);
      return new Result(true, nexus, null);
    } catch (SpikeConnectionException | SpikeNotReadyException e) {
      return new Result(false, nexus, e.getMessage());
    } catch (SpikeException e) {
      return new Result(true, nexus, null); // Nexus answered (this workload may not read the path)
    }
  }
}
