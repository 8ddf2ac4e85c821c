package ist.spike.nexus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RotateResponse;
import ist.spike.client.Backoff;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.observe.NexusEvents;
import ist.spike.nexus.rootkey.AttemptLimiter;
import ist.spike.nexus.rootkey.RestoreSession;
import ist.spike.nexus.rootkey.RootKeyCustody;
import ist.spike.nexus.rootkey.SplitInForce;
import ist.spike.nexus.rotation.KeyRunEvents;
import ist.spike.nexus.rotation.MapKeepers;
import ist.spike.nexus.rotation.RotationService;
import ist.spike.nexus.secret.SecretService;
import ist.spike.nexus.store.BackendConfig;
import ist.spike.nexus.store.BackendKind;
import ist.spike.server.RouteTable;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/operator/rotate} on a real mTLS server over a real SQLite store. */
class RotationRoutesTest {
  private static final ShamirParameters TWO_OF_THREE = new ShamirParameters(2, 3);
  private static final SpikeJson JSON = SpikeJson.create();

  @TempDir Path dir;
  OperatorTestServer web;
  RotationFixture fx;
  RootKeyCustody custody;
  final MapKeepers keepers = new MapKeepers(3);

  void startServer(Optional<RotationService> rotation) {
    OperatorRoutes operator =
        new OperatorRoutes(
            web.td.roles(),
            Optional.of(custody),
            new RestoreSession<>(
                2,
                Duration.ofMinutes(15),
                Clock.systemUTC(),
                Shard::index,
                Shard::close,
                custody::isReady,
                shards -> {}),
            new AttemptLimiter(100, Duration.ofMinutes(1), Clock.systemUTC()),
            1000,
            () -> true,
            token -> true,
            NexusEvents.NONE,
            () -> rotation.flatMap(RotationService::unfinished));
    web.start(
        new RotationRoutes(web.td.roles(), rotation)
            .addTo(operator.addTo(RouteTable.builder()))
            .build());
  }

  @BeforeEach
  void setUp() {
    web = new OperatorTestServer(dir);
    fx =
        new RotationFixture(
            BackendConfig.of(BackendKind.SQLITE, dir.resolve("data")),
            new SplitInForce(TWO_OF_THREE));
    custody = fx.custody;
  }

  @AfterEach
  void tearDown() throws Exception {
    keepers.gate.countDown();
    fx.executor.shutdownNow();
    web.close();
    fx.close();
  }

  RotationService service() {
    return fx.service(
        fx.driver(keepers, () -> TWO_OF_THREE, fx.reopener(), () -> {}), Optional.empty());
  }

  HttpResponse<String> call(SpikeRole role, String query) throws Exception {
    return callPath(role, "/v1/operator/rotate" + query);
  }

  HttpResponse<String> callPath(SpikeRole role, String pathAndQuery) throws Exception {
    return web.post(role, pathAndQuery, "{}");
  }

  RotateResponse status() throws Exception {
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "?action=status");
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.decode(r.body(), RotateResponse.class);
  }

  void installKeyWithData(RootKey key) throws Exception {
    custody.install(key, "test");
    new SecretService(fx.backend.get(), Clock.systemUTC(), 10)
        .put("app/db", Map.of("k", "pw"), OptionalInt.empty());
  }

  @Test
  void rotate_superuser_202ThenDoneWithTheNewKeyAtTheKeepersAndTheDataReadable() throws Exception {
    startServer(Optional.of(service()));
    RootKey key = RootKey.generate(new SecureRandom());
    byte[] before = key.revealBytes(InsecureSecretAccess.get());
    installKeyWithData(key);
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.decode(r.body(), RotateResponse.class).generation()).isEqualTo(1);
    RotateResponse s = status();
    for (int i = 0; i < 200 && !"done".equals(s.phase()); i++) {
      Thread.sleep(100);
      s = status();
    }
    assertThat(s.phase()).isEqualTo("done");
    assertThat(s.generation()).isEqualTo(2);
    assertThat(s.to()).isEqualTo(2);
    assertThat(s.delivered()).isEqualTo(3);
    assertThat(s.resealed()).isGreaterThanOrEqualTo(2);
    List<Shard> two = new ArrayList<>();
    for (int p : List.of(2, 3)) {
      two.add(Shard.of(p, SecretBytes.copyOf(keepers.values.get(p), InsecureSecretAccess.get())));
    }
    try (RootKey fromKeepers = Shamir.recover(two, 2)) {
      assertThat(custody.withKey(k -> k.equalsSecret(fromKeepers))).contains(true);
      assertThat(fromKeepers.revealBytes(InsecureSecretAccess.get())).isNotEqualTo(before);
    }
    assertThat(
            new SecretService(fx.backend.get(), Clock.systemUTC(), 10)
                .get("app/db", 0)
                .asMap()
                .orElseThrow()
                .get("k"))
        .isEqualTo("pw");
  }

  @Test
  void rotate_whileOneRuns_409SaysSo_andOtherRolesAre401() throws Exception {
    startServer(Optional.of(service()));
    installKeyWithData(RootKey.generate(new SecureRandom()));
    keepers.gate = new CountDownLatch(1);
    assertThat(call(SpikeRole.PILOT_SUPERUSER, "").statusCode()).isEqualTo(202);
    HttpResponse<String> again = call(SpikeRole.PILOT_SUPERUSER, "");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body())
        .contains("api_conflict")
        .contains("already running")
        .contains("spike operator rotate --status");
    for (SpikeRole role : List.of(SpikeRole.PILOT_RECOVER, SpikeRole.PILOT_RESTORE)) {
      assertThat(call(role, "").statusCode()).as(role.toString()).isEqualTo(401);
      assertThat(call(role, "?action=status").statusCode()).as(role.toString()).isEqualTo(401);
    }
    keepers.gate.countDown();
  }

  RotateResponse awaitPhase(String phase) throws Exception {
    RotateResponse s = status();
    for (int i = 0; i < 200 && !phase.equals(s.phase()); i++) {
      Thread.sleep(100);
      s = status();
    }
    return s;
  }

  @Test
  void rotate_keeperDownMidDelivery_staysDelivering_thenRotateAgainResumesToDone()
      throws Exception {
    startServer(Optional.of(service()));
    installKeyWithData(RootKey.generate(new SecureRandom()));
    keepers.down.add(2);
    assertThat(call(SpikeRole.PILOT_SUPERUSER, "").statusCode()).isEqualTo(202);
    RotateResponse stuck = awaitPhase("delivering");
    assertThat(stuck.phase()).isEqualTo("delivering");
    fx.executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
    assertThat(stuck.generation()).isEqualTo(1);
    keepers.down.remove(2);
    HttpResponse<String> again = call(SpikeRole.PILOT_SUPERUSER, "");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    RotateResponse done = awaitPhase("done");
    assertThat(done.phase()).isEqualTo("done");
    assertThat(done.generation()).isEqualTo(2);
    assertThat(keepers.values).containsKeys(1, 2, 3);
  }

  @Test
  void rotate_keeperDownMidDelivery_resumedInTheBackgroundOnceItIsBack_everyPhaseReported()
      throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    RotationService service =
        fx.serviceRetrying(
            fx.driver(keepers, () -> TWO_OF_THREE, fx.reopener(), () -> {}),
            Optional.empty(),
            Backoff.of(Duration.ofMillis(100), Duration.ofMillis(200), 2.0, 0.0),
            new KeyRunEvents() {
              @Override
              public void rotationPhase(int from, int to, String phase) {
                events.add(from + "->" + to + " " + phase);
              }

              @Override
              public void keyRunRetry(String run, int failures, Duration in, String reason) {
                events.add("retry " + run + " " + failures + ": " + reason);
              }
            });
    startServer(Optional.of(service));
    installKeyWithData(RootKey.generate(new SecureRandom()));
    keepers.down.add(2);
    assertThat(call(SpikeRole.PILOT_SUPERUSER, "").statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                service.retry(RotationService.ROTATION).map(r -> r.failures() >= 2).orElse(false));
    RotateResponse stuck = status();
    assertThat(stuck.phase()).isEqualTo("delivering");
    assertThat(stuck.retries()).isGreaterThanOrEqualTo(2);
    assertThat(stuck.retryIn()).isBetween(0L, 1L);
    assertThat(stuck.stoppedBy()).contains("keeper 2 is down");

    keepers.down.remove(2); // no second request: the background resume finishes it
    await().atMost(Duration.ofSeconds(20)).until(() -> status().phase().equals("done"));
    RotateResponse done = status();
    assertThat(done.generation()).isEqualTo(2);
    assertThat(done.retries()).isZero();
    assertThat(done.stoppedBy()).isEmpty();
    assertThat(service.retry(RotationService.ROTATION)).isEmpty();
    assertThat(
            new SecretService(fx.backend.get(), Clock.systemUTC(), 10)
                .get("app/db", 0)
                .asMap()
                .orElseThrow()
                .get("k"))
        .isEqualTo("pw");
    fx.executor.submit(() -> {}).get(20, TimeUnit.SECONDS); // the run that recorded done ended
    List<String> seen = List.copyOf(events);
    assertThat(seen.getFirst()).isEqualTo("1->2 pending");
    assertThat(seen)
        .contains("1->2 delivering", "retry root-key rotation 1: keeper 2 is down")
        .containsSubsequence("1->2 resealing", "1->2 done")
        .endsWith("1->2 done");
  }

  @Test
  void resumeIfInterrupted_afterAFailedDelivery_finishesWithoutARequest() throws Exception {
    RotationService service = service();
    startServer(Optional.of(service));
    installKeyWithData(RootKey.generate(new SecureRandom()));
    keepers.down.add(2);
    service.start();
    assertThat(awaitPhase("delivering").phase()).isEqualTo("delivering");
    fx.executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
    keepers.down.remove(2);
    service.resumeIfInterrupted();
    assertThat(status().phase()).isEqualTo("done");
    assertThat(
            new SecretService(fx.backend.get(), Clock.systemUTC(), 10)
                .get("app/db", 0)
                .asMap()
                .orElseThrow()
                .get("k"))
        .isEqualTo("pw");
  }

  @Test
  void recover_duringDeliveryAndResealing_409SaysToWaitForDone_afterDoneHandsOutTheNewKey()
      throws Exception {
    startServer(Optional.of(service()));
    RootKey key = RootKey.generate(new SecureRandom());
    byte[] replaced = key.revealBytes(InsecureSecretAccess.get());
    installKeyWithData(key);
    HttpResponse<String> before = callPath(SpikeRole.PILOT_RECOVER, "/v1/operator/recover");
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    keepers.gate = new CountDownLatch(1);
    assertThat(call(SpikeRole.PILOT_SUPERUSER, "").statusCode()).isEqualTo(202);
    assertThat(awaitPhase("delivering").phase()).isEqualTo("delivering");

    HttpResponse<String> refused = callPath(SpikeRole.PILOT_RECOVER, "/v1/operator/recover");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body())
        .contains("api_conflict")
        .contains("rotation to generation 2 is in phase delivering")
        .contains("spike operator rotate --status` says done")
        .doesNotContain("\"shards\"");

    keepers.gate.countDown();
    assertThat(awaitPhase("done").phase()).isEqualTo("done");
    // no wait for the custody to take the new key: recover waits for that instant itself
    HttpResponse<String> after = callPath(SpikeRole.PILOT_RECOVER, "/v1/operator/recover");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    RecoverResponse shards = JSON.decode(after.body(), RecoverResponse.class);
    List<Shard> two = new ArrayList<>();
    for (int p : List.of(1, 3)) {
      two.add(Shard.of(p, SecretBytes.copyOf(shards.shards().get(p), InsecureSecretAccess.get())));
    }
    try (RootKey recovered = Shamir.recover(two, 2)) {
      assertThat(recovered.revealBytes(InsecureSecretAccess.get()))
          .as("not the replaced key")
          .isNotEqualTo(replaced);
      assertThat(custody.withKey(k -> k.equalsSecret(recovered))).contains(true);
    }
  }

  @Test
  void rotate_beforeTheRootKeyExists_503SaysToRestoreFirst() throws Exception {
    startServer(Optional.of(service()));
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("no root key yet");
    assertThat(keepers.values).as("no Keeper was touched").isEmpty();
  }

  @Test
  void rotate_withoutKeepers_400SaysThereIsNothingToRotate() throws Exception {
    startServer(Optional.empty());
    HttpResponse<String> r = call(SpikeRole.PILOT_SUPERUSER, "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("nothing to rotate");
  }
}
