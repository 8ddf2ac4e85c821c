package ist.spike.spring;

import ist.spike.client.SpikeClient;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code spike} health indicator when Spring Boot 3's Actuator is present. */
@AutoConfiguration(after = SpikeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SpikeClient.class)
public class SpikeHealthAutoConfiguration {
  /** Creates the auto-configuration. */
  public SpikeHealthAutoConfiguration() {}

  /**
   * The indicator, registered as the {@code spike} health component.
   *
   * @param client the client to probe with
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "spikeHealthIndicator")
  public SpikeHealthIndicator spikeHealthIndicator(SpikeClient client) {
    return new SpikeHealthIndicator(client);
  }
}
