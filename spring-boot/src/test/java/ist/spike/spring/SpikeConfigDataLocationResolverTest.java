package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SpikeConfigDataLocationResolverTest {
  final SpikeConfigDataLocationResolver resolver = new SpikeConfigDataLocationResolver();
  final ConfigDataLocationResolverContext context = mock(ConfigDataLocationResolverContext.class);
  final Map<String, String> properties = new java.util.HashMap<>();

  @BeforeEach
  void setUp() {
    when(context.getBinder())
        .thenAnswer(unused -> new Binder(new MapConfigurationPropertySource(properties)));
    when(context.getBootstrapContext()).thenReturn(new DefaultBootstrapContext());
  }

  List<SpikeConfigDataResource> resolve(String location) {
    return resolver.resolve(context, ConfigDataLocation.of(location));
  }

  @Test
  void resolve_noPrefix_defaultNaming() {
    List<SpikeConfigDataResource> r = resolve("spike:secrets/db");

    assertThat(r).singleElement().extracting(SpikeConfigDataResource::path).isEqualTo("secrets/db");
    assertThat(r.get(0).names().apply(Map.of("password", "p")))
        .containsOnlyKeys("password", "db.password");
    assertThat(r.get(0).optional()).isFalse();
  }

  @Test
  void resolve_prefixParameter_namesKeysWithIt() {
    SpikeConfigDataResource r = resolve("optional:spike:secrets/db?prefix=database.").get(0);

    assertThat(r.path()).isEqualTo("secrets/db");
    assertThat(r.optional()).isTrue();
    assertThat(r.names().apply(Map.of("password", "p"))).containsOnlyKeys("database.password");
  }

  @Test
  void resolve_configPrefixProperty_appliesWhereTheLocationHasNone() {
    properties.put("spike.config.prefix", "app.");

    assertThat(resolve("spike:secrets/db").get(0).names().apply(Map.of("k", "v")))
        .containsOnlyKeys("app.k");
    assertThat(resolve("spike:secrets/db?prefix=").get(0).names().apply(Map.of("k", "v")))
        .containsOnlyKeys("k");
  }

  @Test
  void resolve_otherParameter_refusedShowingTheForm() {
    assertThatThrownBy(() -> resolve("spike:secrets/db?version=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spike:secrets/db?version=2")
        .hasMessageContaining("prefix=");
  }

  @Test
  void resolve_emptyPath_refused() {
    assertThatThrownBy(() -> resolve("spike:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty secret path");
  }
}
