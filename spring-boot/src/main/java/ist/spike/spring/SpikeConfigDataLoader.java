package ist.spike.spring;

import ist.spike.client.SpikeClient;
import ist.spike.client.error.SpikeException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;

/**
 * Loads a secret as a property source, its keys named by {@link SpikePropertyNames}. A missing
 * secret, or an unreachable Nexus, fails start-up unless the import is {@code optional:}.
 */
public class SpikeConfigDataLoader implements ConfigDataLoader<SpikeConfigDataResource> {
  /** Creates the loader (Spring instantiates it from {@code spring.factories}). */
  public SpikeConfigDataLoader() {}

  @Override
  public ConfigData load(ConfigDataLoaderContext context, SpikeConfigDataResource resource) {
    SpikeClient client = context.getBootstrapContext().get(SpikeClient.class);
    Optional<Map<String, String>> secret;
    try {
      secret = client.secrets().get(resource.path());
    } catch (SpikeException e) {
      if (resource.optional()) {
        throw new ConfigDataResourceNotFoundException(resource, e);
      }
      throw new IllegalStateException(
          "spring.config.import=spike:" + resource.path() + ": " + e.getMessage(), e);
    }
    if (secret.isEmpty()) {
      throw new ConfigDataResourceNotFoundException(resource);
    }
    return new ConfigData(
        List.of(new SpikePropertySource(resource.path(), resource.names(), secret.get())));
  }
}
