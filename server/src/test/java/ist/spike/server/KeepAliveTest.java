package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests on one keep-alive JDK {@link HttpClient}, as SDKs send them: every answer carries
 * its documented status, and the client keeps using one connection instead of opening one per
 * request (a pile-up the per-peer connection limit then cuts off).
 */
class KeepAliveTest {
  private static final int ROUNDS = 500;

  @TempDir static Path dir;
  static FileSvidSource nexusSource;
  static FileSvidSource pilotSource;
  static SpikeServer server;
  static HttpClient pilot;

  @BeforeAll
  static void start() {
    DevTrustDomain td = DevTrustDomain.create(dir);
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
    pilotSource = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    Guard superuser = Guard.roles(td.roles(), SpikeRole.PILOT_SUPERUSER);
    Guard restorer = Guard.roles(td.roles(), SpikeRole.PILOT_RESTORE);
    RouteTable routes =
        RouteTable.builder()
            .add(
                Route.of(
                    "/v1/echo", "", superuser, req -> SpikeResponse.json(req.readJson(Map.class))))
            .add(
                Route.of(
                    "/v1/missing",
                    "",
                    superuser,
                    req -> {
                      throw new NotFoundException();
                    }))
            .add(Route.of("/v1/restore", "", restorer, req -> SpikeResponse.json(Map.of())))
            .add(
                Route.of(
                    "/v1/first-byte",
                    "",
                    superuser,
                    req -> {
                      try (InputStream in = req.bodyStream()) {
                        in.read();
                      }
                      return SpikeResponse.bytes(
                          400, "text/plain; charset=utf-8", "refused\n".getBytes());
                    }))
            .build();
    server =
        SpikeServer.builder()
            .name("keepalive-test")
            .config(ServerConfig.builder().maxRequestBodyBytes(4096).build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes)
            .build();
    server.start();
    pilot =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(SpiffeTls.sslContext(pilotSource, td.roles().verifierFor(SpikeRole.NEXUS)))
            .sslParameters(SpiffeTls.sslParameters())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    pilot.close();
    server.close();
    nexusSource.close();
    pilotSource.close();
  }

  private static HttpResponse<byte[]> send(String method, String target, String body)
      throws Exception {
    return pilot.send(
        HttpRequest.newBuilder(URI.create(server.uri() + target))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void badRequestsOfEveryKind_oneKeptAliveConnection_documentedStatuses() throws Exception {
    long before = server.connectionsAccepted();
    for (int i = 0; i < ROUNDS; i++) {
      assertThat(send("POST", "/v1/echo", "{\"a\":1,\"b\"}").statusCode())
          .as("malformed JSON")
          .isEqualTo(400);
      assertThat(send("POST", "/v1/nowhere", "{\"a\":1}").statusCode())
          .as("unknown route, body unread")
          .isEqualTo(400);
      assertThat(send("POST", "/v1/echo?action=nope", "{}").statusCode())
          .as("unknown action")
          .isEqualTo(400);
      assertThat(send("PUT", "/v1/echo", "{}").statusCode()).as("wrong method").isEqualTo(400);
      assertThat(send("POST", "/v1/restore", "{\"x\":2}").statusCode())
          .as("another role's route, body unread")
          .isEqualTo(401);
      assertThat(send("POST", "/v1/missing", "{\"path\":\"a\"}").statusCode())
          .as("handler fails before reading the body")
          .isEqualTo(404);
      HttpResponse<byte[]> health = send("GET", "/healthz", "");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Connection")).isEmpty();
    }
    assertThat(server.connectionsAccepted() - before)
        .as("connections opened for %d keep-alive requests", 7 * ROUNDS)
        .isLessThanOrEqualTo(2);
    assertThat(server.openConnections()).isLessThanOrEqualTo(2);
  }

  @Test
  void handlerStopsShortOfTheBody_connectionCloseAnnounced_noPileUp() throws Exception {
    String body = "{\"padding\":\"" + "x".repeat(200) + "\"}";
    for (int i = 0; i < ROUNDS / 5; i++) {
      HttpResponse<byte[]> r = send("POST", "/v1/first-byte", body);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Connection")).contains("close");
      assertThat(server.openConnections()).as("open connections").isLessThanOrEqualTo(2);
    }
  }
}
