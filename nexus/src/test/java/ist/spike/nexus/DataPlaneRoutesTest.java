package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.json.SpikeJson;
import ist.spike.crypto.RootKey;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.StorageUnavailableException;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DataPlaneRoutesTest {
  @Test
  void putBody_toString_doesNotRevealValues() {
    var body = new SecretRoutes.PutBody("a/b", Map.of("pw", "hunter2"), 3);
    assertThat(body.toString()).doesNotContain("hunter2").contains("a/b").contains("cas=3");
  }

  @Test
  void routes_perBackendKind() {
    var roles = ist.spike.identity.SpikeRoles.defaults();
    var full =
        new DataPlaneRoutes(
            BackendKind.SQLITE, roles, DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    // 16 secret, policy, snapshot and cipher routes, and the nine transit routes (ADR-0167)
    assertThat(full.routes()).extracting(r -> r.key().toString()).hasSize(25);
    assertThat(full.routes())
        .extracting(r -> r.key().toString())
        .filteredOn(k -> k.contains("/v1/transit/"))
        .hasSize(9);
    var lite =
        new DataPlaneRoutes(BackendKind.LITE, roles, DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    assertThat(lite.routes())
        .extracting(Route::key)
        .extracting(Object::toString)
        .allMatch(k -> k.contains("/v1/cipher/"));
  }

  @Test
  void supplierMode_notReadyUntilBackendAppears(@TempDir Path dir) throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    AtomicReference<Backend> backend = new AtomicReference<>();
    DataPlaneRoutes data =
        DataPlaneRoutes.fromEnvironment(
            Map.of("SPIKE_NEXUS_BACKEND_STORE", "memory"), td.roles(), backend::get);
    try (FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        SpikeServer server =
            SpikeServer.builder()
                .config(ServerConfig.builder().build())
                .svidSource(nexus)
                .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
                .routes(data.addTo(RouteTable.builder()).build())
                .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
                .build()) {
      server.start();
      var http =
          MtlsTestClients.http(
              td.sourceFor(SpikeRole.PILOT_SUPERUSER), td.roles().verifierFor(SpikeRole.NEXUS));
      var before = NexusHarness.postJson(http, server.uri(), "/v1/store/secrets?action=list", "{}");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(new String(before.body())).contains("state_not_ready");
      try (RootKey key = RootKey.generate(new SecureRandom())) {
        backend.set(BackendFactory.open(BackendConfig.of(BackendKind.MEMORY, dir), key));
      }
      var after = NexusHarness.postJson(http, server.uri(), "/v1/store/secrets?action=list", "{}");
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(data.isActive()).isTrue();
      assertThatThrownBy(() -> data.activate(backend.get()))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      backend.get().close();
    }
  }

  @Test
  void secretGet_rowUnderAKeyThisInstanceLacks_503WithTheLagMessageOnlyWhenLagging(
      @TempDir Path dir) throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    BackendConfig config = BackendConfig.of(BackendKind.SQLITE, dir.resolve("data"));
    try (RootKey other = RootKey.generate(new SecureRandom());
        Backend written = BackendFactory.open(config, other)) {
      new ist.spike.nexus.secret.SecretService(written, Clock.systemUTC(), 10)
          .put("a/b", Map.of("k", "v"), java.util.OptionalInt.empty());
    }
    Backend backend;
    try (RootKey mine = RootKey.generate(new SecureRandom())) {
      backend = BackendFactory.open(config, mine);
    }
    AtomicReference<java.util.Optional<String>> lag =
        new AtomicReference<>(java.util.Optional.empty());
    DataPlaneRoutes data =
        DataPlaneRoutes.fromEnvironment(
            Map.of("SPIKE_NEXUS_BACKEND_STORE", "sqlite"), td.roles(), () -> backend);
    data.keyLag(lag::get);
    try (FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        SpikeServer server =
            SpikeServer.builder()
                .config(ServerConfig.builder().build())
                .svidSource(nexus)
                .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
                .routes(data.addTo(RouteTable.builder()).build())
                .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
                .build()) {
      server.start();
      var http =
          MtlsTestClients.http(
              td.sourceFor(SpikeRole.PILOT_SUPERUSER), td.roles().verifierFor(SpikeRole.NEXUS));
      String get = "{\"path\":\"a/b\"}";
      var notLagging =
          NexusHarness.postJson(http, server.uri(), "/v1/store/secrets?action=get", get);
      assertThat(notLagging.statusCode()).isEqualTo(500);
      lag.set(java.util.Optional.of("this Nexus instance has not loaded the rotated root key"));
      var lagging = NexusHarness.postJson(http, server.uri(), "/v1/store/secrets?action=get", get);
      assertThat(lagging.statusCode()).isEqualTo(503);
      assertThat(new String(lagging.body(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("this Nexus instance has not loaded the rotated root key")
          .doesNotContain("Exception");
    } finally {
      backend.close();
    }
  }

  @Test
  void secretPut_storeRefusesWrites_answers507WithMessageAndReadsKeepWorking(@TempDir Path dir)
      throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Backend real;
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      real = BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key);
    }
    AtomicBoolean full = new AtomicBoolean();
    Backend backend = refusingWrites(real, full);
    DataPlaneRoutes data =
        DataPlaneRoutes.fromEnvironment(
            Map.of("SPIKE_NEXUS_BACKEND_STORE", "sqlite"), td.roles(), () -> backend);
    try (FileSvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        SpikeServer server =
            SpikeServer.builder()
                .config(ServerConfig.builder().build())
                .svidSource(nexus)
                .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
                .routes(data.addTo(RouteTable.builder()).build())
                .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
                .build()) {
      server.start();
      var http =
          MtlsTestClients.http(
              td.sourceFor(SpikeRole.PILOT_SUPERUSER), td.roles().verifierFor(SpikeRole.NEXUS));
      String put = "{\"path\":\"a/b\",\"values\":{\"k\":\"v\"}}";
      assertThat(NexusHarness.postJson(http, server.uri(), "/v1/store/secrets", put).statusCode())
          .isEqualTo(200);

      full.set(true);
      var refused = NexusHarness.postJson(http, server.uri(), "/v1/store/secrets", put);
      assertThat(refused.statusCode()).isEqualTo(507);
      var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(refused.body());
      assertThat(body.path("err").asText()).isEqualTo("store_unavailable");
      assertThat(body.path("message").asText())
          .isEqualTo(StorageUnavailableException.MESSAGE)
          .doesNotContain("SQLITE");
      var read =
          NexusHarness.postJson(
              http, server.uri(), "/v1/store/secrets?action=get", "{\"path\":\"a/b\"}");
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(new String(read.body(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"k\":\"v\"");
    } finally {
      real.close();
    }
  }

  /**
   * The real backend, except that writes fail as a full disk makes them fail while {@code full}.
   */
  private static Backend refusingWrites(Backend real, AtomicBoolean full) {
    Set<String> writes = Set.of("updateSecret", "upsertPolicy", "deletePolicy", "storeKeyCheck");
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class},
            (proxy, method, args) -> {
              if (full.get() && writes.contains(method.getName())) {
                throw new StorageUnavailableException(
                    "SQLITE_FULL", new SQLException("database or disk is full"));
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
