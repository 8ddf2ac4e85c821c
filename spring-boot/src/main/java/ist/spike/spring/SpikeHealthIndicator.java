package ist.spike.spring;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.client.error.SpikeException;
import ist.spike.client.error.SpikeNotReadyException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports whether Nexus answers: it reads a path that normally does not exist. Any answer from a
 * ready Nexus (found, not found, not allowed) is UP; unreachable or not ready (503) is DOWN. The
 * details name the Nexus URL, never secret values.
 */
public class SpikeHealthIndicator implements HealthIndicator {
  static final String PROBE_PATH = "spike/health-probe";

  private final SpikeClient client;

  /**
   * Creates the indicator.
   *
   * @param client the client to probe with
   */
  public SpikeHealthIndicator(SpikeClient client) {
    this.client = client;
  }

  @Override
  public Health health() {
    Health.Builder up = Health.up().withDetail("nexus", client.nexusUrl().toString());
    try {
      client.secrets().get(PROBE_PATH);
      return up.build();
    } catch (SpikeConnectionException | SpikeNotReadyException e) {
      return Health.down()
          .withDetail("nexus", client.nexusUrl().toString())
          .withDetail("error", e.getMessage())
          .build();
    } catch (SpikeException e) {
      return up.build(); // Nexus answered (for example: this workload may not read the probe path)
    }
  }
}
