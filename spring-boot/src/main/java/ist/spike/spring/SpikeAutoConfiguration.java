package ist.spike.spring;

import ist.spike.client.SpikeClient;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configures a shared {@link SpikeClient} from {@code spike.*} properties, the refresher of
 * {@code spring.config.import=spike:…} values and, with Actuator, the {@code spike} endpoint that
 * refreshes them. The health indicator has its own auto-configuration per Spring Boot generation.
 */
@AutoConfiguration
@ConditionalOnClass(SpikeClient.class)
@EnableConfigurationProperties(SpikeProperties.class)
public class SpikeAutoConfiguration {
  /** Creates the auto-configuration. */
  public SpikeAutoConfiguration() {}

  /**
   * The client; closed with the application context.
   *
   * @param properties the {@code spike.*} properties
   * @return the client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SpikeClient spikeClient(SpikeProperties properties) {
    return SpikeClients.create(properties, System.getenv());
  }

  /**
   * Re-reads imported secrets on demand.
   *
   * @param environment the environment holding the imported values
   * @param client the client
   * @return the refresher
   */
  @Bean
  @ConditionalOnMissingBean
  public SpikeConfigRefresher spikeConfigRefresher(
      ConfigurableEnvironment environment, SpikeClient client) {
    return new SpikeConfigRefresher(environment, client);
  }

  /** The {@code spike} Actuator endpoint, when Actuator is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  static class Endpoints {
    @Bean
    @ConditionalOnMissingBean
    SpikeEndpoint spikeEndpoint(SpikeConfigRefresher refresher) {
      return new SpikeEndpoint(refresher);
    }
  }
}
