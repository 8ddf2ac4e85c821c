package ist.spike.spring;

import ist.spike.client.SpikeClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code spike} health component (Spring Boot 4): UP when Nexus answers, DOWN when it cannot be
 * reached or is not ready (see {@link NexusProbe}). The details name the Nexus URL, never secret
 * values.
 */
public class SpikeHealthIndicator implements HealthIndicator {
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
    NexusProbe.Result r = NexusProbe.probe(client);
    Health.Builder health = r.up() ? Health.up() : Health.down().withDetail("error", r.error());
    return health.withDetail("nexus", r.nexus()).build();
  }
}
