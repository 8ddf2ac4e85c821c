package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
            .jsonCodec(new KeeperJson(ServerConfig.JsonLimits.DEFAULT))
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

  private static RootKey key(int last) throws Exception {
    byte[] raw = new byte[32];
    raw[0] = 0x11;
    raw[31] = (byte) last;
    try (SecretBytes b = SecretBytes.takeOwnership(raw)) {
      return RootKey.of(b);
    }
  }

  private HttpResponse<String> contributeRaw(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve("/v1/store/contribute"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return clientFor(td.idOf(SpikeRole.NEXUS).toString())
        .send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String body(Shard shard, List<String> commitments) throws Exception {
    byte[] raw = shard.revealValue(InsecureSecretAccess.get());
    try (ShardPutRequest r = ShardPutRequest.of(raw, shard.index(), commitments)) {
      return SpikeJson.create().encodeToString(r);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Test
  void contribute_shardMatchingCommitments_isStored() throws Exception {
    try (X509SvidSource nexus = td.sourceFor(SpikeRole.NEXUS);
        KeeperClient client =
            KeeperClient.create(nexus, roles.verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(5));
        RootKey key = key(1)) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
      client.contribute(server.uri(), shards.get(1), FeldmanCommitments.of(key, 2));
      assertThat(
              client.fetchShard(server.uri(), 9).orElseThrow().shard().equalsSecret(shards.get(1)))
          .isTrue();
      shards.forEach(Shard::close);
    }
  }

  @Test
  void contribute_shardNotMatchingCommitments_isRefusedAndTheHeldShardStays() throws Exception {
    try (RootKey key = key(1);
        RootKey other = key(2)) {
      List<Shard> good = Shamir.split(key, ShamirParameters.of(2, 3));
      List<Shard> foreign = Shamir.split(other, ShamirParameters.of(2, 3));
      List<String> commitments = FeldmanCommitments.of(key, 2).toHex();
      assertThat(contributeRaw(body(good.get(0), commitments)).statusCode()).isEqualTo(200);

      HttpResponse<String> refused = contributeRaw(body(foreign.get(1), commitments));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body())
          .contains("\"err\":\"api_bad_request\"")
          .contains("does not match the published commitments");
      // the same value under another index fails too
      byte[] raw = good.get(0).revealValue(InsecureSecretAccess.get());
      try (Shard moved = Shard.of(2, SecretBytes.takeOwnership(raw))) {
        assertThat(contributeRaw(body(moved, commitments)).statusCode()).isEqualTo(400);
      }
      try (ShardGetResponse held = slot.response().orElseThrow()) {
        byte[] expected = good.get(0).revealValue(InsecureSecretAccess.get());
        assertThat(held.shard()).isEqualTo(expected);
        assertThat(held.index()).isEqualTo(1);
      }
      good.forEach(Shard::close);
      foreign.forEach(Shard::close);
    }
  }

  @Test
  void contribute_malformedCommitmentsOrNoIndex_isRefusedWithTheRule() throws Exception {
    String shard =
        IntStream.range(1, 33).mapToObj(Integer::toString).collect(Collectors.joining(","));
    HttpResponse<String> noIndex =
        contributeRaw(
            "{\"shard\":[" + shard + "],\"commitments\":[\"02" + "ab".repeat(32) + "\"]}");
    assertThat(noIndex.statusCode()).isEqualTo(400);
    assertThat(noIndex.body()).contains("index is required when commitments are sent");
    HttpResponse<String> notAPoint =
        contributeRaw(
            "{\"shard\":["
                + shard
                + "],\"index\":1,\"commitments\":[\"05"
                + "ab".repeat(32)
                + "\"]}");
    assertThat(notAPoint.statusCode()).isEqualTo(400);
    assertThat(notAPoint.body()).contains("commitments are malformed: commitment 0");
    assertThat(slot.isHeld()).isFalse();
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
