package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.CommitmentsResponse;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.NexusOperatorClient;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/operator/commitments} on a real mTLS server over a real SQLite store. */
class CommitmentRoutesTest {
  @TempDir Path dir;
  DevTrustDomain td;
  X509SvidSource nexusSource;
  SpikeServer server;
  RootKey key;
  final AtomicReference<Backend> backend = new AtomicReference<>();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void start() {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    key = RootKey.generate(new SecureRandom());
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(
                new CommitmentRoutes(td.roles(), () -> Optional.ofNullable(backend.get()))
                    .addTo(RouteTable.builder())
                    .build())
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    for (AutoCloseable c : closeables) {
      c.close();
    }
    if (backend.get() != null) {
      backend.get().close();
    }
    nexusSource.close();
    key.close();
  }

  private Backend openSqlite() {
    return BackendFactory.open(BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")), key);
  }

  private HttpResponse<String> call(SpikeRole role) throws Exception {
    X509SvidSource source = td.sourceFor(role);
    closeables.add(source);
    HttpClient http = MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
    closeables.add(http::close);
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve("/v1/operator/commitments"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void commitments_afterPublish_servedToOperatorRolesAndVerifyTheShards() throws Exception {
    Backend b = openSqlite();
    CommitmentRoutes.publish(b, key, 2);
    backend.set(b);
    for (SpikeRole role :
        List.of(SpikeRole.PILOT_SUPERUSER, SpikeRole.PILOT_RECOVER, SpikeRole.PILOT_RESTORE)) {
      HttpResponse<String> r = call(role);
      assertThat(r.statusCode()).as(role.toString()).isEqualTo(200);
      CommitmentsResponse body = SpikeJson.create().decode(r.body(), CommitmentsResponse.class);
      assertThat(body.threshold()).isEqualTo(2);
      FeldmanCommitments served = FeldmanCommitments.fromHex(body.commitments());
      assertThat(served).isEqualTo(FeldmanCommitments.of(key, 2));
      for (Shard s : Shamir.split(key, ShamirParameters.of(2, 3))) {
        try (s) {
          assertThat(served.matches(s)).isTrue();
        }
      }
    }
  }

  @Test
  void nexusOperatorClient_commitments_returnsWhatNexusStored() throws Exception {
    Backend b = openSqlite();
    CommitmentRoutes.publish(b, key, 2);
    backend.set(b);
    X509SvidSource recover = td.sourceFor(SpikeRole.PILOT_RECOVER);
    closeables.add(recover);
    try (NexusOperatorClient client =
        NexusOperatorClient.create(
            recover,
            td.roles().verifierFor(SpikeRole.NEXUS),
            server.uri(),
            Duration.ofSeconds(10))) {
      assertThat(client.commitments()).isEqualTo(FeldmanCommitments.of(key, 2));
    }
  }

  @Test
  void commitments_otherRoles_unauthorized() throws Exception {
    Backend b = openSqlite();
    CommitmentRoutes.publish(b, key, 2);
    backend.set(b);
    for (SpikeRole role : List.of(SpikeRole.KEEPER, SpikeRole.BOOTSTRAP)) {
      HttpResponse<String> r = call(role);
      assertThat(r.statusCode()).as(role.toString()).isEqualTo(401);
    }
  }

  @Test
  void commitments_beforeActivation_notReady() throws Exception {
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER);
    assertThat(r.statusCode()).isEqualTo(503);
  }

  @Test
  void commitments_activatedButNoneStored_500SaysWhy() throws Exception {
    backend.set(openSqlite());
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body())
        .contains("\"err\":\"api_internal_error\"")
        .contains("no commitments are stored yet");
  }

  @Test
  void publish_persistsAcrossReopenAndKeepsTheStoredThresholdUntilARekey() throws Exception {
    try (Backend b = openSqlite()) {
      CommitmentRoutes.publish(b, key, 2);
    }
    try (Backend b = openSqlite()) {
      assertThat(FeldmanCommitments.fromBytes(b.loadShardCommitments().orElseThrow()))
          .isEqualTo(FeldmanCommitments.of(key, 2));
      assertThat(b.hasData()).isFalse();
      // a restart with SPIKE_NEXUS_SHAMIR_THRESHOLD=3 must not re-split by itself (ADR-0163)
      assertThat(CommitmentRoutes.publish(b, key, 3)).isEqualTo(FeldmanCommitments.of(key, 2));
      assertThat(FeldmanCommitments.fromBytes(b.loadShardCommitments().orElseThrow()))
          .isEqualTo(FeldmanCommitments.of(key, 2));
    }
  }

  @Test
  void splitMeta_readsTheStoredCommitmentsWithoutTheRootKey() throws Exception {
    assertThat(ist.spike.nexus.store.SqliteStore.splitMeta(dir.resolve("data")).commitments())
        .isEmpty();
    try (Backend b = openSqlite()) {
      CommitmentRoutes.publish(b, key, 2);
    }
    ist.spike.nexus.store.ClusterState.SplitMeta meta =
        ist.spike.nexus.store.ClusterState.open(
                BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")))
            .splitMeta();
    assertThat(meta.commitments())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(FeldmanCommitments.of(key, 2).toBytes()));
    assertThat(meta.generations()).isEmpty();
  }

  @Test
  void publish_replacesAnotherKeysCommitmentsKeepingTheirThreshold() throws Exception {
    try (Backend b = openSqlite();
        RootKey other = RootKey.generate(new java.security.SecureRandom())) {
      b.storeShardCommitments(FeldmanCommitments.of(other, 3).toBytes());
      CommitmentRoutes.publish(b, key, 2);
      assertThat(FeldmanCommitments.fromBytes(b.loadShardCommitments().orElseThrow()))
          .isEqualTo(FeldmanCommitments.of(key, 3));
    }
  }
}
