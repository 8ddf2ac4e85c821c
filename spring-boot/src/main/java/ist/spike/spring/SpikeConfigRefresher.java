package ist.spike.spring;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Re-reads the secrets imported with {@code spring.config.import=spike:…} on demand. Values read
 * through the {@code Environment} change at once; values already injected with {@code @Value} stay
 * as they were until the bean is created again.
 */
public class SpikeConfigRefresher {
  private final ConfigurableEnvironment environment;
  private final SpikeClient client;

  /**
   * Creates the refresher.
   *
   * @param environment the environment holding the imported property sources
   * @param client the client to read with
   */
  public SpikeConfigRefresher(ConfigurableEnvironment environment, SpikeClient client) {
    this.environment = environment;
    this.client = client;
  }

  /**
   * Returns the paths of the imported secrets, in property-source order.
   *
   * @return the paths
   */
  public List<String> importedPaths() {
    List<String> paths = new ArrayList<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof SpikePropertySource spike) {
        paths.add(spike.path());
      }
    }
    return List.copyOf(paths);
  }

  /**
   * Reads every imported secret again.
   *
   * @return how many imported secrets were read
   * @throws SpikeException if Nexus cannot be read; values that were already replaced stay
   */
  public int refresh() throws SpikeException {
    int n = 0;
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof SpikePropertySource spike) {
        Optional<Map<String, String>> secret = client.secrets().get(spike.path());
        spike.replace(secret.orElse(Map.of()));
        n++;
      }
    }
    return n;
  }
}
