package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.api.secret.SecretGetResponse;
import ist.spike.client.error.SpikeConnectionException;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a real mTLS server: SVID rotation without a restart, the read-through cache,
 * failure when Nexus is gone, and {@code close()} releasing every thread.
 */
class SpikeClientLifecycleTest {
  @TempDir Path dir;
  DevTrustDomain td;
  SpikeServer nexus;
  final AtomicInteger reads = new AtomicInteger();

  SpikeServer startNexus(int port) {
    return startNexus(port, () -> true);
  }

  SpikeServer startNexus(int port, java.util.function.BooleanSupplier ready) {
    Route get =
        Route.of(
            "/v1/store/secrets",
            "get",
            Guard.authorizedInHandler("test"),
            req -> {
              reads.incrementAndGet();
              return SpikeResponse.json(
                  new SecretGetResponse(Map.of("peer", req.peer().toString()), null));
            });
    SpikeServer s =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().listen(new InetSocketAddress("127.0.0.1", port)).build())
            .svidSource(td.sourceFor(SpikeRole.NEXUS))
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of("spike.ist")))
            .routes(RouteTable.builder().add(get).build())
            .readinessGate(path -> ready.getAsBoolean())
            .build();
    s.start();
    return s;
  }

  @BeforeEach
  void setUp() {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexus = startNexus(0);
  }

  @AfterEach
  void tearDown() {
    if (nexus != null) {
      nexus.close();
    }
  }

  Map<String, String> env(Path svids) {
    return Map.of(
        "SPIKE_SVID_DIR", svids.toString(),
        "SPIKE_NEXUS_API_URL", nexus.uri().toString());
  }

  @Test
  void secretsGet_clientSvidRotated_newConnectionsPresentTheNewSvidWithoutRestart()
      throws Exception {
    Path svids = dir.resolve("app");
    td.ca().writeSvid(td.id("app/one"), Duration.ofHours(1), svids);
    java.util.concurrent.atomic.AtomicBoolean firstReady =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    nexus.close();
    nexus = startNexus(0, firstReady::get);
    try (SpikeServer second = startNexus(0);
        SpikeClient spike =
            SpikeClient.fromEnvironment(
                Map.of(
                    "SPIKE_SVID_DIR",
                    svids.toString(),
                    "SPIKE_NEXUS_API_URL",
                    nexus.uri() + "," + second.uri()))) {
      assertThat(spike.secrets().get("db").orElseThrow())
          .containsEntry("peer", "spiffe://spike.ist/app/one");

      td.ca().writeSvid(td.id("app/two"), Duration.ofHours(1), svids);
      // The first Nexus answers 503, so the client fails over: a new connection, a full handshake.
      firstReady.set(false);

      assertThat(spike.secrets().get("db").orElseThrow())
          .containsEntry("peer", "spiffe://spike.ist/app/two");
    }
  }

  @Test
  void secretsGet_withCache_readsNexusOnceWithinTheTtl_andFailsOnceNexusIsGoneAndTheTtlPassed()
      throws Exception {
    Path svids = dir.resolve("app");
    td.ca().writeSvid(td.id("app/one"), Duration.ofHours(1), svids);
    try (SpikeClient spike =
        SpikeClient.builder()
            .fromEnvironment(env(svids))
            .svidSource(td.sourceFor(td.id("app/one")))
            .cache(Duration.ofSeconds(30), 100)
            .retry(1, Backoff.of(Duration.ofMillis(1), Duration.ofMillis(1), 1, 0))
            .build()) {
      spike.secrets().get("db");
      spike.secrets().get("db");
      assertThat(reads).hasValue(1);

      nexus.close();
      nexus = null;
      assertThat(spike.secrets().get("db")).as("served from the cache").isPresent();
      assertThatThrownBy(() -> spike.secrets().get("other"))
          .isInstanceOf(SpikeConnectionException.class);
    }
  }

  @Test
  void close_releasesTheCacheThreadAndTheHttpThreads() throws Exception {
    Path svids = dir.resolve("app");
    td.ca().writeSvid(td.id("app/one"), Duration.ofHours(1), svids);
    Set<Thread> before = threads();
    SpikeClient spike =
        SpikeClient.builder()
            .fromEnvironment(env(svids))
            .svidSource(td.sourceFor(td.id("app/one")))
            .cache(Duration.ofSeconds(30), 100)
            .build();
    spike.secrets().get("db");
    Set<Thread> started = threads();
    started.removeAll(before);
    assertThat(started)
        .extracting(Thread::getName)
        .anyMatch(n -> n.contains("spike-sdk-cache-refresh"))
        .anyMatch(n -> n.contains("SelectorManager"));

    spike.close();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(started)
                    .filteredOn(Thread::isAlive)
                    .extracting(Thread::getName)
                    .noneMatch(n -> n.contains("spike-sdk") || n.contains("HttpClient")));
  }

  private static Set<Thread> threads() {
    return new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
  }
}
