package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.api.json.SpikeJson;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperCallException;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import ist.spike.testkit.Vectors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Keeper server on 127.0.0.1 with development SVIDs, driven with SPIKE's exact bodies. */
class KeeperWireTest {
  @TempDir Path dir;
  DevTrustDomain td;
  SpikeRoles roles;
  X509SvidSource keeperSource;
  ShardSlot slot;
  SpikeServer server;
  final Map<String, HttpClient> clients = new HashMap<>();
  final Map<String, X509SvidSource> sources = new HashMap<>();

  @BeforeEach
  void start() {
    td = DevTrustDomain.create(dir);
    roles = td.roles();
    keeperSource = td.sourceFor(SpikeRole.KEEPER);
    slot = new ShardSlot();
    server =
        SpikeServer.builder()
            .name("keeper")
            .config(ServerConfig.builder().build())
            .svidSource(keeperSource)
            .peerVerifier(roles.verifierFor(SpikeRole.NEXUS, SpikeRole.BOOTSTRAP))
            .routes(KeeperRoutes.table(roles, slot))
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    clients.values().forEach(HttpClient::close);
    sources.values().forEach(X509SvidSource::close);
    keeperSource.close();
  }

  HttpClient clientFor(String id) {
    return clients.computeIfAbsent(
        id,
        k -> {
          X509SvidSource s = td.sourceFor(SpiffeId.parse(k));
          sources.put(k, s);
          return MtlsTestClients.http(s, roles.verifierFor(SpikeRole.KEEPER));
        });
  }

  @Test
  void keeperRoutes_spikeVectors_answerByteForByte() throws Exception {
    JsonNode steps = Vectors.json("spike-wire.json").get("keeper_routes");
    for (JsonNode step : steps) {
      String peer = step.get("peer_spiffe_id").asText();
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(server.uri().resolve(step.get("target").asText()))
              .timeout(Duration.ofSeconds(10));
      byte[] body = step.get("request_body").asText().getBytes(StandardCharsets.UTF_8);
      if (step.get("method").asText().equals("POST")) {
        rb.POST(HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        rb.method(step.get("method").asText(), HttpRequest.BodyPublishers.ofByteArray(body));
      }
      if (step.hasNonNull("request_content_type")) {
        rb.header("Content-Type", step.get("request_content_type").asText());
      }
      SpiffeId id = SpiffeId.parse(peer);
      if (!roles.hasAny(id, SpikeRole.NEXUS, SpikeRole.BOOTSTRAP)) {
        // Like SPIKE's Keeper, ours refuses other peers during the TLS handshake already.
        assertThatThrownBy(
                () -> clientFor(peer).send(rb.build(), HttpResponse.BodyHandlers.ofString()))
            .as(step.get("step").asText())
            .isInstanceOf(IOException.class);
        continue;
      }
      HttpResponse<String> r =
          clientFor(peer).send(rb.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode())
          .as(step.get("step").asText())
          .isEqualTo(step.get("status").asInt());
      // Our error bodies may add a "message" for humans; SPIKE's Go clients ignore unknown keys.
      assertThat(r.body().replaceFirst(",\"message\":\"[^\"]*\"", ""))
          .as(step.get("step").asText())
          .isEqualTo(step.get("response_body").asText());
      assertThat(r.headers().firstValue("Cache-Control"))
          .contains("no-store, no-cache, must-revalidate, private");
    }
  }

  static byte[] bytes(int first) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (first + 7 * i);
    }
    return b;
  }

  @Test
  void keeperClient_contributeThenFetch_returnsTheValueAndIndex() throws Exception {
    try (X509SvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        KeeperClient client =
            KeeperClient.create(
                nexus, roles.verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(5))) {
      URI keeper = server.uri();
      assertThat(client.fetchShard(keeper, 1)).isEmpty();
      Shard shard = Shard.of(3, SecretBytes.copyOf(bytes(1), InsecureSecretAccess.get()));
      client.contribute(keeper, shard);
      KeeperClient.Held held = client.fetchShard(keeper, 1).orElseThrow();
      assertThat(held.reportedIndex()).hasValue(3);
      assertThat(held.shard().index()).isEqualTo(3);
      assertThat(held.shard().equalsSecret(shard)).isTrue();
      assertThat(slot.toString())
          .doesNotContain(HexFormat.of().formatHex(bytes(1)).substring(0, 8));
    }
  }

  @Test
  void keeperClient_asPilot_isRefusedAtTheHandshake() {
    try (X509SvidSource pilot = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
        KeeperClient client =
            KeeperClient.create(
                pilot, roles.verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> client.fetchShard(server.uri(), 1))
          .isInstanceOf(KeeperCallException.class)
          .hasMessageContaining("unreachable");
    }
  }
}
