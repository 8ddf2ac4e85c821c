package ist.spike.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.client.SpikeClient;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.DataPlaneRoutes;
import ist.spike.nexus.DataPlaneSettings;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The starter on Spring Boot 4: an application on a real web server (127.0.0.1, free port) imports
 * {@code spike:secrets/db} from a real Nexus data plane over mTLS (in this JVM, SQLite, its own
 * development trust domain), gets {@code @Value("${db.password}")}, shows SPIKE UP in {@code
 * /actuator/health}, refreshes with {@code POST /actuator/spike}, and is DOWN once Nexus stops.
 */
class SpikeBoot4StarterTest {
  static final String PASSWORD = "boot4-Lm52-password";

  @TempDir Path dir;
  DevTrustDomain td;
  DataPlaneRoutes data;
  SpikeServer nexus;
  FileSvidSource nexusSvid;
  SpikeClient superuser;
  SpiffeId app;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    Db db() {
      return new Db();
    }
  }

  static class Db {
    @Value("${db.password}")
    String password;
  }

  @BeforeEach
  void startNexus() throws Exception {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexusSvid = td.sourceFor(SpikeRole.NEXUS);
    data =
        new DataPlaneRoutes(
            BackendKind.SQLITE, td.roles(), DataPlaneSettings.DEFAULTS, Clock.systemUTC());
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      Backend backend =
          BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key);
      backend.claimKeyCheck(KeyCheckValue.of(key).toBytes());
      data.activate(backend);
    }
    nexus =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSvid)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(data.addTo(RouteTable.builder()).build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    nexus.start();
    superuser =
        SpikeClient.builder()
            .nexusUrl(nexus.uri())
            .svidSource(td.sourceFor(SpikeRole.PILOT_SUPERUSER))
            .serverVerifier(td.roles().verifierFor(SpikeRole.NEXUS))
            .build();
    app = td.id("app/boot4");
    superuser
        .policies()
        .put("boot4", "^spiffe://spike\\.ist/app/boot4$", "^secrets/db$", List.of("read"));
    superuser.secrets().put("secrets/db", Map.of("password", PASSWORD));
  }

  @AfterEach
  void stopNexus() {
    superuser.close();
    nexus.close();
    data.close();
    nexusSvid.close();
  }

  record Answer(int status, JsonNode body) {}

  static Answer http(ConfigurableApplicationContext ctx, String method, String path)
      throws Exception {
    String port = ctx.getEnvironment().getProperty("local.server.port");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), new ObjectMapper().readTree(response.body()));
    }
  }

  @Test
  void boot4App_importsTheSecret_reportsHealth_refreshes_andIsDownWhenNexusStops()
      throws Exception {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
    try (ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.SERVLET)
            .run(
                "--spring.config.import=spike:secrets/db",
                "--spike.svid-dir=" + td.svidDirFor(app),
                "--spike.nexus-url=" + nexus.uri(),
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--management.endpoints.web.exposure.include=health,spike",
                "--management.endpoint.health.show-components=always")) {
      assertThat(ctx.getBean(Db.class).password).isEqualTo(PASSWORD);
      Answer up = http(ctx, "GET", "/actuator/health");
      assertThat(up.status()).as("%s", up.body()).isEqualTo(200);
      assertThat(up.body().at("/components/spike/status").asText()).isEqualTo("UP");

      superuser.secrets().put("secrets/db", Map.of("password", "rotated-" + PASSWORD));
      Answer refreshed = http(ctx, "POST", "/actuator/spike");
      assertThat(refreshed.status()).as("%s", refreshed.body()).isEqualTo(200);
      assertThat(refreshed.body().get("refreshed").asInt()).isEqualTo(1);
      assertThat(ctx.getEnvironment().getProperty("db.password")).isEqualTo("rotated-" + PASSWORD);

      nexus.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                Answer down = http(ctx, "GET", "/actuator/health");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.body().at("/components/spike/status").asText()).isEqualTo("DOWN");
              });
    }
  }
}
