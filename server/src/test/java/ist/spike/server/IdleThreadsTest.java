package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's threads. {@link SpikeServer.Builder#idleThreads}: a server with fewer idle I/O
 * threads (the Keeper) starts fewer, and still serves a burst of new TLS connections, since the
 * pool grows to its maximum. Handlers run on virtual threads named after the server.
 */
class IdleThreadsTest {
  @Test
  void idleThreads_fewerStarted_andABurstOfNewConnectionsIsStillServed(@TempDir Path dir)
      throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir);
    try (FileSvidSource serverSource = td.sourceFor(SpikeRole.KEEPER);
        FileSvidSource clientSource = td.sourceFor(SpikeRole.NEXUS)) {
      SpikeServer small = server("idle2", serverSource, td, 2);
      SpikeServer usual = server("idle8", serverSource, td, null);
      small.start();
      usual.start();
      try {
        assertThat(ioThreads("spike-idle2-")).isBetween(2, 3);
        assertThat(ioThreads("spike-idle8-")).isGreaterThanOrEqualTo(8);

        int calls = 24;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
          List<Future<Integer>> statuses = new ArrayList<>();
          for (int i = 0; i < calls; i++) {
            statuses.add(pool.submit(() -> onNewConnection(small, clientSource, td)));
          }
          for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(200);
          }
        } finally {
          pool.shutdownNow();
        }
      } finally {
        small.close();
        usual.close();
      }
    }
  }

  @Test
  void handlers_runOnVirtualThreadsNamedAfterTheServer(@TempDir Path dir) throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir);
    try (FileSvidSource serverSource = td.sourceFor(SpikeRole.KEEPER);
        FileSvidSource clientSource = td.sourceFor(SpikeRole.NEXUS)) {
      SpikeServer server = server("threads", serverSource, td, 2);
      server.start();
      try (HttpClient client = client(clientSource, td)) {
        String body =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/v1/thread"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(body)
            .contains("\"virtual\":\"true\"")
            .containsPattern("\"name\":\"spike-threads\\d+\"");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void idleThreads_outOfRange_refused() {
    assertThatThrownBy(() -> SpikeServer.builder().idleThreads(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleThreads");
    assertThatThrownBy(() -> SpikeServer.builder().idleThreads(65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleThreads");
  }

  private static SpikeServer server(
      String name, FileSvidSource source, DevTrustDomain td, Integer idleThreads) {
    RouteTable routes =
        RouteTable.builder()
            .add(
                Route.of(
                    "/v1/ping",
                    "",
                    Guard.authorizedInHandler("test: anyone"),
                    req -> SpikeResponse.json(Map.of("ok", "yes"))))
            .add(
                Route.of(
                    "/v1/thread",
                    "",
                    Guard.authorizedInHandler("test: anyone"),
                    req ->
                        SpikeResponse.json(
                            Map.of(
                                "name", Thread.currentThread().getName(),
                                "virtual", Boolean.toString(Thread.currentThread().isVirtual())))))
            .build();
    SpikeServer.Builder b =
        SpikeServer.builder()
            .name(name)
            .svidSource(source)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes);
    if (idleThreads != null) {
      b.idleThreads(idleThreads);
    }
    return b.build();
  }

  /** A new client, so a new TLS connection and handshake per call. */
  private static int onNewConnection(SpikeServer server, FileSvidSource source, DevTrustDomain td)
      throws Exception {
    try (HttpClient client = client(source, td)) {
      return client
          .send(
              HttpRequest.newBuilder(URI.create(server.uri() + "/v1/ping"))
                  .timeout(Duration.ofSeconds(20))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }
  }

  private static HttpClient client(FileSvidSource source, DevTrustDomain td) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(SpiffeTls.sslContext(source, td.roles().verifierFor(SpikeRole.KEEPER)))
        .sslParameters(SpiffeTls.sslParameters())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static int ioThreads(String prefix) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !t.isVirtual() && t.getName().startsWith(prefix))
            .count();
  }
}
