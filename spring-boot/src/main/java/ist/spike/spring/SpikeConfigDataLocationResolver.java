package ist.spike.spring;

import ist.spike.client.SpikeClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationNotFoundException;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Resolves {@code spring.config.import=spike:PATH[,PATH]}: one resource per secret path, and a
 * {@link SpikeClient} in the bootstrap context, built from the {@code spike.*} properties known at
 * that point and closed when the application context is ready.
 */
public class SpikeConfigDataLocationResolver
    implements ConfigDataLocationResolver<SpikeConfigDataResource> {
  static final String PREFIX = "spike:";

  /** Creates the resolver (Spring instantiates it from {@code spring.factories}). */
  public SpikeConfigDataLocationResolver() {}

  @Override
  public boolean isResolvable(
      ConfigDataLocationResolverContext context, ConfigDataLocation location) {
    return location.hasPrefix(PREFIX);
  }

  @Override
  public List<SpikeConfigDataResource> resolve(
      ConfigDataLocationResolverContext context, ConfigDataLocation location)
      throws ConfigDataLocationNotFoundException {
    Binder binder = context.getBinder();
    SpikeProperties properties =
        binder.bind("spike", SpikeProperties.class).orElseGet(SpikeProperties::new);
    var bootstrap = context.getBootstrapContext();
    bootstrap.registerIfAbsent(
        SpikeClient.class,
        InstanceSupplier.from(() -> SpikeClients.create(properties, System.getenv())));
    bootstrap.addCloseListener(
        event -> {
          if (event.getBootstrapContext().isRegistered(SpikeClient.class)) {
            event.getBootstrapContext().get(SpikeClient.class).close();
          }
        });
    List<SpikeConfigDataResource> resources = new ArrayList<>();
    for (String raw : location.getNonPrefixedValue(PREFIX).split(",")) {
      String path = raw.trim();
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "spring.config.import=" + location + " has an empty secret path");
      }
      resources.add(
          new SpikeConfigDataResource(
              path, properties.getConfig().getPrefix(), location.isOptional()));
    }
    return resources;
  }
}
