package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.client.Backoff;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.keeper.TestKeeper;
import ist.spike.nexus.observe.NexusAudit;
import ist.spike.nexus.observe.NexusMetrics;
import ist.spike.nexus.observe.RecordedNexusEvents;
import ist.spike.nexus.rootkey.KeeperClientGateway;
import ist.spike.nexus.rootkey.KeeperRehydrator;
import ist.spike.nexus.rootkey.KeeperShard;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.KeyGenerations;
import ist.spike.nexus.rotation.KeyRunEvents;
import ist.spike.nexus.rotation.Rekey;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.RotationPhase;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.rotation.StoredSplit;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.ClusterState;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.audit.AuditChainVerifier;
import ist.spike.server.RouteTable;
import ist.spike.server.audit.ChainedAuditFile;
import ist.spike.server.metrics.ServerMetrics;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rekey stopped by an unreachable Keeper (ADR-0230), with five real Keepers on 127.0.0.1 (their
 * own routes and shard slots over mTLS), a real SQLite store, the service and the Keeper checks on
 * one thread as Nexus runs them: the rekey is resumed in the background with a backoff until the
 * Keeper is back, its state is in the status route, the Keeper checks keep repairing Keepers
 * without undoing the delivery, and every state change is reported for the audit chain.
 */
class RekeyStoppedByAKeeperTest {
  private static final SpikeJson JSON = SpikeJson.create();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON_TREE =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @TempDir Path dir;
  final RootKey key = RootKey.generate(new SecureRandom());
  final List<TestKeeper> keepers = new ArrayList<>();
  Path auditFile;
  ChainedAuditFile audit;
  OperatorTestServer web;
  X509SvidSource nexusSource;
  KeeperClient client;
  KeeperClientGateway gateway;
  RotationFixture fx;
  RotationService service;
  final ServerMetrics metrics = ServerMetrics.create("nexus");

  @BeforeEach
  void start() throws Exception {
    web = new OperatorTestServer(dir);
    for (int i = 0; i < 5; i++) {
      keepers.add(new TestKeeper(web.td));
    }
    nexusSource = web.td.sourceFor(SpikeRole.NEXUS);
    client =
        KeeperClient.create(
            nexusSource, web.td.roles().verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(5));
    gateway = new KeeperClientGateway(keepers.stream().map(TestKeeper::uri).toList(), client);
    // a 2-of-3 store; Nexus restarted configured 3-of-5 for the rekey (ADR-0163)
    BackendConfig config = BackendConfig.of(BackendKind.SQLITE, dir.resolve("data"));
    try (Backend first = BackendFactory.open(config, key)) {
      first.storeKeyCheck(KeyCheckValue.of(key).toBytes());
      first.storeShardCommitments(FeldmanCommitments.of(key, 2).toBytes());
    }
    SplitInForce split = new SplitInForce(new ShamirParameters(3, 5));
    StoredSplit.apply(ClusterState.open(config).splitMeta(), split);
    fx = new RotationFixture(config, split);
    fx.install(key);
    KeeperRehydrator checks = new KeeperRehydrator(gateway, fx.custody);
    auditFile = dir.resolve("audit").resolve("nexus-audit.jsonl");
    audit = NexusAudit.open(Map.of(), dir, ServerMetrics.create("nexus"));
    KeyRunEvents recorded = new RecordedNexusEvents(audit, metrics.registry());
    service =
        fx.serviceRetrying(
            fx.driver(
                gateway,
                split::parameters,
                (c, o) -> {
                  throw new IllegalStateException("no rotation here");
                },
                () -> {}),
            Optional.of(new RekeyDriver(gateway, split)),
            Backoff.of(Duration.ofMillis(200), Duration.ofMillis(800), 2.0, 0.0),
            recorded);
    NexusMetrics.registerKeyRunRetries(metrics.registry(), service);
    // the first check fills every configured Keeper with the stored split, as after the restart
    fx.executor.submit(checks).get(20, TimeUnit.SECONDS);
    for (int p = 1; p <= 5; p++) {
      assertThat(holds(p, FeldmanCommitments.of(key, 2))).as("keeper %d, old split", p).isTrue();
    }
    // the Keeper checks as Nexus schedules them, on the rekey's thread
    fx.executor.scheduleWithFixedDelay(checks, 100, 100, TimeUnit.MILLISECONDS);
    fx.executor.scheduleWithFixedDelay(checks::retryUnreachable, 50, 50, TimeUnit.MILLISECONDS);
    web.start(
        new RekeyRoutes(web.td.roles(), Optional.of(service)).addTo(RouteTable.builder()).build());
  }

  @AfterEach
  void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (client != null) {
      client.close();
    }
    if (nexusSource != null) {
      nexusSource.close();
    }
    keepers.forEach(TestKeeper::close);
    if (audit != null) {
      audit.close();
    }
    if (web != null) {
      web.close();
    }
    key.close();
  }

  /** Whether the Keeper at {@code position} holds its shard of {@code split}. */
  boolean holds(int position, FeldmanCommitments split) throws Exception {
    Optional<KeeperShard> held = gateway.fetch(position);
    if (held.isEmpty()) {
      return false;
    }
    try (Shard s = held.get().shard()) {
      return s.index() == position && split.matches(s);
    }
  }

  double failedAttempts(String run) {
    return metrics.registry().get("spike_key_run_failed_attempts").tag("run", run).gauge().value();
  }

  double retriesCounted(String run) {
    return metrics.registry().get("spike_key_run_retries").tag("run", run).counter().count();
  }

  Optional<RotationPhase> phase() {
    return fx.backend
        .get()
        .loadKeyGenerations()
        .map(KeyGenerations::fromBytes)
        .flatMap(KeyGenerations::rekey)
        .map(Rekey::phase);
  }

  RekeyResponse status() throws Exception {
    HttpResponse<String> r =
        web.post(SpikeRole.PILOT_SUPERUSER, "/v1/operator/rekey?action=status", "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.decode(r.body(), RekeyResponse.class);
  }

  @Test
  void keeperDown_rekeyResumedInTheBackgroundUntilItIsBack_checksKeepRepairing_statusSaysWhy()
      throws Exception {
    FeldmanCommitments old = FeldmanCommitments.of(key, 2);
    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    URI fourth = keepers.get(3).uri();
    keepers.get(3).stop();

    HttpResponse<String> r =
        web.post(SpikeRole.PILOT_SUPERUSER, "/v1/operator/rekey", "{\"threshold\":3,\"shares\":5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

    // stopped at Keeper 4 (order 1..5), resumed again and again while it is away
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> service.retry(RotationService.REKEY).map(x -> x.failures() >= 3).orElse(false));
    assertThat(phase()).contains(RotationPhase.DELIVERING);
    RekeyResponse stuck = status();
    assertThat(stuck.phase()).isEqualTo("delivering");
    assertThat(stuck.retries()).isGreaterThanOrEqualTo(3);
    assertThat(stuck.retryIn()).isBetween(0L, 1L);
    assertThat(stuck.stoppedBy()).contains(fourth.toString());
    // an operator's alert sees the stuck run in the metrics; the rotation has nothing waiting
    assertThat(failedAttempts("rekey")).isGreaterThanOrEqualTo(3);
    assertThat(retriesCounted("rekey")).isGreaterThanOrEqualTo(3);
    assertThat(failedAttempts("rotation")).isZero();
    for (int p = 1; p <= 3; p++) {
      assertThat(holds(p, next)).as("keeper %d delivered", p).isTrue();
    }
    // the checks run during the rekey and leave a Keeper of either split alone
    assertThat(holds(5, old)).as("keeper 5 not yet delivered keeps its old shard").isTrue();

    // Keepers restarted empty meanwhile are given their shard of the new split by the checks
    keepers.get(4).stop();
    keepers.get(4).start();
    keepers.get(1).stop();
    keepers.get(1).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> holds(5, next) && holds(2, next));
    assertThat(phase()).contains(RotationPhase.DELIVERING);

    // Keeper 4 comes back, empty: the next background resume finishes the rekey, no command run
    keepers.get(3).start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> phase().equals(Optional.of(RotationPhase.DONE)));
    for (int p = 1; p <= 5; p++) {
      assertThat(holds(p, next)).as("keeper %d on the new split", p).isTrue();
    }
    RekeyResponse done = status();
    assertThat(done.phase()).isEqualTo("done");
    assertThat(done.threshold()).isEqualTo(3);
    assertThat(done.retries()).isZero();
    assertThat(done.stoppedBy()).isEmpty();
    assertThat(service.retry(RotationService.REKEY)).isEmpty();
    assertThat(failedAttempts("rekey")).as("nothing waits once done").isZero();
    assertThat(retriesCounted("rekey")).isGreaterThanOrEqualTo(3);
    assertThat(fx.backend.get().loadShardCommitments())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(next.toBytes()));

    // every state change is a record of the signed audit chain; the reasons name the Keeper and
    // no record holds the key or a shard
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS); // the run that recorded done ended
    List<String> records = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
    List<String> lifecycle =
        records.stream()
            .map(RekeyStoppedByAKeeperTest::tree)
            .filter(n -> n.has("event"))
            .map(n -> n.get("event").asText() + " " + n.get("outcome").asText())
            .toList();
    assertThat(lifecycle.getFirst()).isEqualTo("rekey pending");
    assertThat(lifecycle)
        .containsSubsequence(
            "rekey pending",
            "rekey delivering",
            "key_run_retry scheduled",
            "key_run_retry scheduled",
            "key_run_retry scheduled",
            "rekey done")
        .endsWith("rekey done");
    assertThat(records)
        .filteredOn(l -> l.contains("\"event\":\"key_run_retry\""))
        .allSatisfy(l -> assertThat(l).contains(fourth.toString()).contains("\"run\":\"rekey\""));
    assertThat(records)
        .filteredOn(l -> l.contains("\"event\":\"rekey\""))
        .allSatisfy(
            l ->
                assertThat(l)
                    .contains("\"from_threshold\":\"2\"")
                    .contains("\"to_threshold\":\"3\""));
    String all = String.join("\n", records).toLowerCase(java.util.Locale.ROOT);
    for (String secret : secretForms()) {
      assertThat(all).doesNotContain(secret);
    }
    GroupPublicKey pub =
        GroupPublicKey.parseHex(
            Files.readString(auditFile.resolveSibling("nexus-audit.key.pub")).strip());
    try (BufferedReader chain = Files.newBufferedReader(auditFile, StandardCharsets.UTF_8)) {
      assertThat(AuditChainVerifier.verify(chain, pub).failure()).isEmpty();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String line) {
    try {
      return JSON_TREE.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("an audit line is not JSON", e);
    }
  }

  /** The key's and every shard's bytes in hex and base64 (lower-cased). */
  List<String> secretForms() {
    List<String> forms = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    values.add(key.revealBytes(InsecureSecretAccess.get()));
    for (int t : new int[] {2, 3}) {
      for (Shard s : Shamir.split(key, new ShamirParameters(t, 5))) {
        values.add(s.revealValue(InsecureSecretAccess.get()));
        s.close();
      }
    }
    for (byte[] v : values) {
      forms.add(HexFormat.of().formatHex(v));
      forms.add(Base64.getEncoder().encodeToString(v).toLowerCase(java.util.Locale.ROOT));
      java.util.Arrays.fill(v, (byte) 0);
    }
    return forms;
  }
}
