package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.RekeyResponse;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.KeyCheckValue;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.FeldmanCommitments;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.MapKeepers;
import ist.spike.nexus.rotation.RekeyDriver;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.rotation.StoredSplit;
import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendFactory;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.ClusterState;
import ist.spike.server.RouteTable;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/operator/rekey} on a real mTLS server over a real SQLite store whose split is 2-of-3,
 * with Nexus configured for five Keepers.
 */
class RekeyRoutesTest {
  private static final SpikeJson JSON = SpikeJson.create();

  @TempDir Path dir;
  OperatorTestServer web;
  RotationFixture fx;
  RotationService service;
  final RootKey key = RootKey.generate(new SecureRandom());
  final MapKeepers keepers = new MapKeepers(5);

  /** Starts Nexus configured {@code configured}, its store holding a 2-of-3 split. */
  void start(ShamirParameters configured) throws Exception {
    web = new OperatorTestServer(dir);
    BackendConfig config = BackendConfig.of(BackendKind.SQLITE, dir.resolve("data"));
    try (Backend first = BackendFactory.open(config, key)) {
      first.storeKeyCheck(KeyCheckValue.of(key).toBytes());
      first.storeShardCommitments(FeldmanCommitments.of(key, 2).toBytes());
    }
    SplitInForce split = new SplitInForce(configured);
    StoredSplit.apply(ClusterState.open(config).splitMeta(), split);
    fx = new RotationFixture(config, split);
    fx.install(key);
    service =
        fx.service(
            fx.driver(
                keepers,
                split::parameters,
                (c, o) -> {
                  throw new IllegalStateException("no rotation here");
                },
                () -> {}),
            Optional.of(new RekeyDriver(keepers, split)));
    web.start(
        new RekeyRoutes(web.td.roles(), Optional.of(service)).addTo(RouteTable.builder()).build());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) {
      fx.executor.shutdownNow();
    }
    if (web != null) {
      web.close();
    }
    if (fx != null) {
      fx.close();
    }
    key.close();
  }

  HttpResponse<String> call(SpikeRole role, String query, String body) throws Exception {
    return web.post(role, "/v1/operator/rekey" + query, body);
  }

  RekeyResponse status() throws Exception {
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "?action=status", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.decode(r.body(), RekeyResponse.class);
  }

  @Test
  void rekey_superuser_202ThenDone_statusShowsTheNewSplitAndEveryKeeperHoldsIt() throws Exception {
    start(new ShamirParameters(3, 5));
    RekeyResponse before = status();
    assertThat(before.threshold()).isEqualTo(2); // the stored split, not the configuration
    assertThat(before.shares()).isEqualTo(5);
    assertThat(before.phase()).isEmpty();

    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    RekeyResponse s = status();
    while (s.running() || s.phase().isEmpty()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
      s = status();
    }
    assertThat(s.phase()).isEqualTo("done");
    assertThat(s.threshold()).isEqualTo(3);
    assertThat(s.from()).isEqualTo(2);
    assertThat(s.to()).isEqualTo(3);
    FeldmanCommitments next = FeldmanCommitments.of(key, 3);
    assertThat(keepers.values).containsOnlyKeys(1, 2, 3, 4, 5);
    for (Map.Entry<Integer, byte[]> e : keepers.values.entrySet()) {
      try (Shard shard =
          Shard.of(e.getKey(), SecretBytes.copyOf(e.getValue(), InsecureSecretAccess.get()))) {
        assertThat(next.matches(shard)).isTrue();
      }
    }
    assertThat(fx.backend.get().loadShardCommitments())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(next.toBytes()));
    // asking again for the split now in force changes nothing
    HttpResponse<String> again =
        call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":5}");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already has threshold 3");
  }

  @Test
  void resumeIfInterrupted_afterAKeeperWasDown_finishesTheRecordedRekey() throws Exception {
    start(new ShamirParameters(3, 5));
    keepers.down.add(4);
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS);
    assertThat(status().running()).as("recorded as unfinished").isTrue();
    assertThat(keepers.values).doesNotContainKey(4);

    keepers.down.clear();
    service.resumeIfInterrupted();
    RekeyResponse s = status();
    assertThat(s.phase()).isEqualTo("done");
    assertThat(s.threshold()).isEqualTo(3);
    assertThat(keepers.values).containsOnlyKeys(1, 2, 3, 4, 5);
    Map<Integer, byte[]> delivered = Map.copyOf(keepers.values);
    service.resumeIfInterrupted(); // nothing recorded as unfinished: nothing is delivered again
    assertThat(keepers.values).isEqualTo(delivered);
  }

  @Test
  void rekey_anotherSplitWhileOneIsUnfinished_409NamingItAndHowToFinish_sameSplitResumes()
      throws Exception {
    start(new ShamirParameters(3, 5));
    keepers.down.add(4);
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS);
    assertThat(status().running()).as("recorded as unfinished").isTrue();
    Map<Integer, byte[]> before = Map.copyOf(keepers.values);

    HttpResponse<String> other =
        call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":4,\"shares\":5}");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
    assertThat(other.body())
        .contains("\"err\":\"api_conflict\"")
        .contains("a rekey to 3-of-5 (from threshold 2) is unfinished")
        .contains("4-of-5")
        .contains("spike operator rekey --threshold 3 --shares 5");
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS);
    assertThat(keepers.values).as("nothing delivered for the refused request").isEqualTo(before);
    assertThat(status().to()).isEqualTo(3);

    keepers.down.clear();
    HttpResponse<String> same =
        call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":5}");
    assertThat(same.statusCode()).as(same.body()).isEqualTo(202);
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS);
    assertThat(status().phase()).isEqualTo("done");
    assertThat(keepers.values).containsOnlyKeys(1, 2, 3, 4, 5);
  }

  @Test
  void rekey_notTheConfiguredSplit_400NamingTheVariables_nothingChanges() throws Exception {
    start(new ShamirParameters(3, 5));
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":3,\"shares\":4}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("\"err\":\"api_bad_request\"")
        .contains("configured for 3-of-5")
        .contains("SPIKE_NEXUS_SHAMIR_THRESHOLD")
        .contains("SPIKE_NEXUS_KEEPER_PEERS");
    HttpResponse<String> zero = call(SpikeRole.PILOT_SUPERUSER, "", "{}");
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(keepers.values).isEmpty();
    assertThat(status().phase()).isEmpty();
    assertThat(status().threshold()).isEqualTo(2);
  }

  @Test
  void rekey_sameThresholdAsStored_400SaysNothingSecretChanges() throws Exception {
    start(new ShamirParameters(2, 5));
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":2,\"shares\":5}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("nothing to re-split").contains("already receive their shard");
    assertThat(keepers.values).isEmpty();
  }

  @Test
  void rekey_withoutAQuorumAtEveryStep_asksToConfirmTheRecoveryFilesFirst() throws Exception {
    start(new ShamirParameters(5, 5)); // 2-of-5 -> 5-of-5: some crash points leave no quorum
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "", "{\"threshold\":5,\"shares\":5}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("--confirm-recovery-files").contains("spike operator recover");
    assertThat(keepers.values).isEmpty();
    HttpResponse<String> confirmed =
        call(
            SpikeRole.PILOT_SUPERUSER,
            "",
            "{\"threshold\":5,\"shares\":5,\"confirm_recovery_files\":true}");
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(202);
  }

  @Test
  void rekey_otherRoles_401() throws Exception {
    start(new ShamirParameters(3, 5));
    for (SpikeRole role : List.of(SpikeRole.PILOT_RECOVER, SpikeRole.PILOT_RESTORE)) {
      HttpResponse<String> r = call(role, "", "{\"threshold\":3,\"shares\":5}");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(call(role, "?action=status", "{}").statusCode()).isEqualTo(401);
    }
    assertThat(keepers.values).isEmpty();
  }
}
