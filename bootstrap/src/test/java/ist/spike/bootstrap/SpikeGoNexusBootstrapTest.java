package ist.spike.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.bootstrap.BootstrapVerifyRequest;
import ist.spike.api.bootstrap.BootstrapVerifyResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.aead.SpikeCompatCipher;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.BootstrapApi;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.Guard;
import ist.spike.server.ReadinessGate;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Bootstrap against a server that behaves as a fresh SPIKE Go Nexus: before its first root key
 * it answers {@code 503 {"err":"state_not_ready"}} on every route but recover/restore (so also on
 * our unknown status route), and it gets its key by reading the Keepers, who know nothing of the
 * shard index Bootstrap sends (Nexus uses the Keeper's position). Real mTLS with development SVIDs.
 */
class SpikeGoNexusBootstrapTest {
  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  /** Shards the Keepers hold, by position 1..n (SPIKE's index). */
  final Map<Integer, byte[]> held = new ConcurrentHashMap<>();

  /** What the SPIKE Nexus answered, as "path status". */
  final List<String> nexusAnswers = new CopyOnWriteArrayList<>();

  volatile RootKey nexusKey;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    if (nexusKey != null) {
      nexusKey.close();
    }
  }

  <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  @Test
  void run_freshSpikeGoNexus_deliversShardsAndVerifies() throws Exception {
    List<Duration> sleeps = bootstrap(nexusRoutes(td()), this::spikeGate);

    assertThat(nexusAnswers)
        .as("the keyless SPIKE Nexus refused the status route with 503, then verified with 200")
        .containsExactly(BootstrapApi.STATUS_PATH + " 503", "/v1/bootstrap/verify 200");
    assertThat(sleeps).as("a 503 on the status route is an answer, not a reason to wait").isEmpty();
    assertThat(held).containsOnlyKeys(1, 2, 3);
    try (RootKey fromOtherPair = recover(2, 3)) {
      assertThat(nexusKey.equalsSecret(fromOtherPair))
          .as("every pair of Keeper shards rebuilds the key Nexus verified with")
          .isTrue();
    }
  }

  @Test
  void run_other503OnStatus_isRetriedUntilOurNexusAnswers() throws Exception {
    DevTrustDomain td = td();
    AtomicInteger calls = new AtomicInteger();
    RouteTable routes =
        RouteTable.builder()
            .add(nexusRoutes(td).routes().getFirst())
            .add(
                Route.of(
                    BootstrapApi.STATUS_PATH,
                    "",
                    Guard.roles(td.roles(), SpikeRole.BOOTSTRAP),
                    req ->
                        calls.incrementAndGet() == 1
                            ? SpikeResponse.bytes(
                                503,
                                "text/plain",
                                "upstream busy".getBytes(StandardCharsets.US_ASCII))
                            : SpikeResponse.json(new BootstrapApi.Status(false, false))))
            .build();

    List<Duration> sleeps =
        bootstrap(routes, path -> path.equals(BootstrapApi.STATUS_PATH) || keyFromKeepers());

    // Taken for SPIKE, the 503 would end the status calls (a SPIKE Nexus holds no claim to renew);
    // retried, the run claims our Nexus and renews that claim before each Keeper and the check.
    assertThat(calls.get())
        .as(
            "a 503 without SPIKE's state_not_ready body (a proxy's) is retried, not taken for SPIKE")
        .isGreaterThanOrEqualTo(2);
    assertThat(sleeps).as("one backoff, after the proxy's 503").hasSize(1);
    assertThat(held).containsOnlyKeys(1, 2, 3);
  }

  DevTrustDomain td;

  DevTrustDomain td() {
    if (td == null) {
      td = DevTrustDomain.create(dir);
    }
    return td;
  }

  /** Starts three Keepers and a Nexus, runs Bootstrap over mTLS, returns its retry sleeps. */
  List<Duration> bootstrap(RouteTable nexusRoutes, ReadinessGate gate) throws Exception {
    DevTrustDomain td = td();
    SpiffeIdVerifier anyPeer = SpiffeIdVerifier.anyIn(Set.of("spike.ist"));
    List<URI> keepers = new ArrayList<>();
    for (int position = 1; position <= 3; position++) {
      SpikeServer keeper =
          track(
              SpikeServer.builder()
                  .name("spike-go-keeper-" + position)
                  .svidSource(track(td.sourceFor(SpikeRole.KEEPER)))
                  .peerVerifier(anyPeer)
                  .routes(keeperRoutes(td, position))
                  .build());
      keeper.start();
      keepers.add(keeper.uri());
    }
    SpikeServer nexus =
        track(
            SpikeServer.builder()
                .name("spike-go-nexus")
                .svidSource(track(td.sourceFor(SpikeRole.NEXUS)))
                .peerVerifier(anyPeer)
                .routes(nexusRoutes)
                .readinessGate(gate)
                .build());
    nexus.start();

    FileSvidSource bootstrap = track(td.sourceFor(SpikeRole.BOOTSTRAP));
    KeeperClient keeperClient =
        track(
            KeeperClient.create(
                bootstrap, td.roles().verifierFor(SpikeRole.KEEPER), Duration.ofSeconds(10)));
    BootstrapApi api =
        track(
            BootstrapApi.create(
                bootstrap,
                td.roles().verifierFor(SpikeRole.NEXUS),
                nexus.uri(),
                Duration.ofSeconds(10)));
    BootstrapSettings settings =
        new BootstrapSettings(
            keepers,
            ShamirParameters.of(2, 3),
            false,
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(40),
            Duration.ofSeconds(30));
    List<Duration> sleeps = new ArrayList<>();

    new BootstrapFlow(
            settings, BootstrapMain.ports(keeperClient, api), new SecureRandom(), sleeps::add)
        .run();
    return sleeps;
  }

  /** SPIKE's gate: without a root key only recover/restore pass; it polls Keepers for shards. */
  boolean spikeGate(String path) {
    boolean admitted =
        path.equals("/v1/operator/recover")
            || path.equals("/v1/operator/restore")
            || keyFromKeepers();
    if (!admitted) {
      nexusAnswers.add(path + " 503");
    }
    return admitted;
  }

  synchronized boolean keyFromKeepers() {
    if (nexusKey == null && held.size() >= 2) {
      try {
        nexusKey = recover(1, 2);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return nexusKey != null;
  }

  RootKey recover(int a, int b) throws Exception {
    List<Shard> shards = new ArrayList<>();
    for (int position : List.of(a, b)) {
      shards.add(
          Shard.of(
              position,
              SecretBytes.copyOf(held.get(position).clone(), InsecureSecretAccess.get())));
    }
    try {
      return Shamir.recover(shards, 2);
    } finally {
      shards.forEach(Shard::close);
    }
  }

  RouteTable keeperRoutes(DevTrustDomain td, int position) {
    return RouteTable.builder()
        .add(
            Route.of(
                "/v1/store/contribute",
                "",
                Guard.roles(td.roles(), SpikeRole.BOOTSTRAP, SpikeRole.NEXUS),
                req -> {
                  try (ShardPutRequest put = req.readJson(ShardPutRequest.class)) {
                    held.put(position, put.shard().clone());
                  }
                  return SpikeResponse.json(ShardPutResponse.success());
                }))
        .build();
  }

  RouteTable nexusRoutes(DevTrustDomain td) {
    return RouteTable.builder()
        .add(
            Route.of(
                "/v1/bootstrap/verify",
                "",
                Guard.roles(td.roles(), SpikeRole.BOOTSTRAP),
                req -> {
                  BootstrapVerifyRequest v = req.readJson(BootstrapVerifyRequest.class);
                  try (SpikeCompatCipher c = SpikeCompatCipher.create(nexusKey)) {
                    byte[] text = c.open(v.nonce(), v.ciphertext());
                    nexusAnswers.add("/v1/bootstrap/verify 200");
                    return SpikeResponse.json(
                        BootstrapVerifyResponse.success(BootstrapFlow.sha256Hex(text)));
                  }
                }))
        .build();
  }
}
