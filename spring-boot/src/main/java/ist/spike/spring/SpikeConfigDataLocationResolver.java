package ist.spike.spring;

import ist.spike.client.SpikeClient;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationNotFoundException;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Resolves {@code spring.config.import=spike:PATH[?prefix=P]}: one resource per secret path, and a
 * {@link SpikeClient} in the bootstrap context, built from the {@code spike.*} properties known at
 * that point and closed when the application context is ready.
 *
 * <p>The same source compiles against Spring Boot 3 and 4, whose bootstrap types live in different
 * packages: they are never named here.
 */
public class SpikeConfigDataLocationResolver
    implements ConfigDataLocationResolver<SpikeConfigDataResource> {
  static final String PREFIX = "spike:";
  private static final String PREFIX_PARAMETER = "prefix=";

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
        SpikeClient.class, unused -> SpikeClients.create(properties, System.getenv()));
    bootstrap.addCloseListener(
        event -> {
          if (event.getBootstrapContext().isRegistered(SpikeClient.class)) {
            event.getBootstrapContext().get(SpikeClient.class).close();
          }
        });
    String value = location.getNonPrefixedValue(PREFIX);
    String prefix = properties.getConfig().getPrefix();
    int query = value.indexOf('?');
    if (query >= 0) {
      String parameter = value.substring(query + 1);
      if (!parameter.startsWith(PREFIX_PARAMETER)) {
        throw new IllegalArgumentException(
            "spring.config.import="
                + location
                + ": the only parameter after '?' is prefix=, for example spike:secrets/db?prefix=db.");
      }
      prefix = parameter.substring(PREFIX_PARAMETER.length());
      value = value.substring(0, query);
    }
    List<SpikeConfigDataResource> resources = new ArrayList<>();
    for (String raw : value.split(",", -1)) {
      String path = raw.trim();
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "spring.config.import=" + location + " has an empty secret path");
      }
      resources.add(new SpikeConfigDataResource(path, prefix, location.isOptional()));
    }
    return resources;
  }
}
