package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.api.json.SpikeJson;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.rootkey.AttemptLimiter;
import ist.spike.nexus.rootkey.RestoreRefusedException;
import ist.spike.nexus.rootkey.RestoreSession;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import ist.spike.testkit.Vectors;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Nexus's operator and bootstrap routes on a real mTLS server, driven with SPIKE's exact requests
 * from {@code spike-wire.json}: before the root key (503 gate, emergency routes, restore validation
 * and duplicate handling) and after it (verify, recover byte for byte).
 */
class OperatorRoutesWireTest {
  @TempDir Path dir;
  DevTrustDomain td;
  X509SvidSource nexusSource;
  RootKeyCustody custody;
  SpikeServer server;
  final Map<String, HttpClient> clients = new HashMap<>();
  final List<X509SvidSource> sources = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    td = DevTrustDomain.create(dir);
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    custody = new RootKeyCustody(ShamirParameters.of(2, 3), key -> {});
    RestoreSession<Shard> session =
        new RestoreSession<>(
            2,
            Duration.ofMinutes(15),
            Clock.systemUTC(),
            Shard::index,
            Shard::close,
            custody::isReady,
            shards -> {
              try {
                custody.install(Shamir.recover(shards, 2), "operator restore");
              } catch (java.security.GeneralSecurityException e) {
                throw new RestoreRefusedException(e.getMessage());
              }
            });
    OperatorRoutes routes =
        new OperatorRoutes(
            td.roles(),
            Optional.of(custody),
            session,
            new AttemptLimiter(100, Duration.ofMinutes(1), Clock.systemUTC()),
            1000,
            () -> false);
    Set<String> emergency = Set.copyOf(OperatorRoutes.EMERGENCY_PATHS);
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes.addTo(RouteTable.builder()).build())
            .readinessGate(path -> custody.isReady() || emergency.contains(path))
            .readiness(custody::isReady)
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    clients.values().forEach(HttpClient::close);
    sources.forEach(X509SvidSource::close);
    nexusSource.close();
    custody.close();
  }

  HttpResponse<String> send(JsonNode step) throws Exception {
    String peer = step.get("peer_spiffe_id").asText();
    HttpClient client =
        clients.computeIfAbsent(
            peer,
            k -> {
              X509SvidSource s = td.sourceFor(SpiffeId.parse(k));
              sources.add(s);
              return MtlsTestClients.http(s, td.roles().verifierFor(SpikeRole.NEXUS));
            });
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve(step.get("target").asText()))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    step.get("request_body").asText(), StandardCharsets.UTF_8))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  void check(JsonNode step) throws Exception {
    HttpResponse<String> r = send(step);
    String name = step.get("step").asText();
    assertThat(r.statusCode()).as(name).isEqualTo(step.get("status").asInt());
    // Our error bodies may add a human "message"; SPIKE's clients ignore unknown keys.
    assertThat(r.body().replaceFirst(",\"message\":\"[^\"]*\"", ""))
        .as(name)
        .isEqualTo(step.get("response_body").asText());
  }

  @Test
  void operatorAndBootstrapRoutes_spikeVectors_answerAsSpike() throws Exception {
    JsonNode steps = Vectors.json("spike-wire.json").get("nexus_routes");
    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode s : steps) {
      byName.put(s.get("step").asText(), s);
    }
    for (String name :
        List.of(
            "pre_init/bootstrap_verify",
            "pre_init/recover_wrong_peer",
            "pre_init/recover_no_root_key",
            "pre_init/restore_wrong_peer",
            "pre_init/restore_id_0",
            "pre_init/restore_id_1001",
            "pre_init/restore_null_shard",
            "pre_init/restore_zero_shard",
            "pre_init/restore_malformed",
            "pre_init/restore_shard_1",
            "pre_init/restore_shard_1_again")) {
      check(byName.get(name));
    }
    assertThat(custody.isReady()).isFalse();

    // The wire vectors' root key, rebuilt from two of its recover-response shards.
    JsonNode recoverOk =
        new ObjectMapper()
            .readTree(byName.get("operator/recover_ok").get("response_body").asText());
    List<Shard> two = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      byte[] v = new byte[32];
      for (int b = 0; b < 32; b++) {
        v[b] = (byte) recoverOk.get("shards").get(Integer.toString(i)).get(b).asInt();
      }
      two.add(Shard.of(i, SecretBytes.copyOf(v, InsecureSecretAccess.get())));
    }
    RootKey key = Shamir.recover(two, 2);
    assertThat(custody.install(key, "test")).isTrue();

    for (String name :
        List.of(
            "bootstrap/verify_ok",
            "bootstrap/verify_wrong_peer",
            "bootstrap/verify_short_nonce",
            "bootstrap/verify_tampered",
            "bootstrap/verify_malformed",
            "operator/recover_ok",
            "operator/recover_wrong_peer")) {
      check(byName.get(name));
    }
  }

  HttpResponse<String> restore(String body) throws Exception {
    HttpClient client =
        clients.computeIfAbsent(
            "restore",
            k -> {
              X509SvidSource s = td.sourceFor(SpikeRole.PILOT_RESTORE);
              sources.add(s);
              return MtlsTestClients.http(s, td.roles().verifierFor(SpikeRole.NEXUS));
            });
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve("/v1/operator/restore"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String numbers(int count) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : ",").append(i + 1);
    }
    return b.append(']').toString();
  }

  @Test
  void restore_shardOf3Or33Numbers_400SaysExactly32AndCollectsNothing() throws Exception {
    for (int count : List.of(3, 31, 33)) {
      HttpResponse<String> r = restore("{\"id\":1,\"shard\":" + numbers(count) + "}");
      assertThat(r.statusCode()).as("%d numbers", count).isEqualTo(400);
      assertThat(r.body())
          .as("%d numbers", count)
          .contains("shard must be exactly 32 numbers 0..255, got " + count);
    }
    HttpResponse<String> ok = restore("{\"id\":1,\"shard\":" + numbers(32) + "}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .as("the refused shards were not counted")
        .isEqualTo("{\"collected\":1,\"remaining\":1,\"restored\":false}");
  }

  @Test
  void restore_whileReady_answersIgnoredAndLogsItAsIgnored() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(OperatorRoutes.class);
    logs.start();
    logger.addAppender(logs);
    try {
      assertThat(custody.install(RootKey.generate(new java.security.SecureRandom()), "test"))
          .isTrue();
      HttpResponse<String> r = restore("{\"id\":2,\"shard\":" + numbers(32) + "}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .isEqualTo("{\"collected\":0,\"remaining\":0,\"restored\":true,\"ignored\":true}");
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).anyMatch(l -> l.contains("shard 2") && l.contains("ignored"));
      assertThat(lines).noneMatch(l -> l.contains("accepted"));
    } finally {
      logger.detachAppender(logs);
    }
  }
}
