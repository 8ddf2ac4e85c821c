package ist.spike.nexus.operator;

import ist.spike.api.json.SpikeJson;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.RouteTable;
import ist.spike.server.ServerConfig;
import ist.spike.server.SpikeServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real mTLS server of operator routes for the rotation and rekey route tests, with the dev trust
 * domain that issues its SVID and the callers' SVIDs.
 */
final class OperatorTestServer implements AutoCloseable {
  final DevTrustDomain td;
  private final X509SvidSource nexusSource;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private SpikeServer server;

  /**
   * @param dir where the trust domain's files go
   */
  OperatorTestServer(Path dir) {
    td = DevTrustDomain.create(dir.resolve("td"));
    nexusSource = td.sourceFor(SpikeRole.NEXUS);
  }

  /** Starts the server on a free port with {@code routes}. */
  void start(RouteTable routes) {
    server =
        SpikeServer.builder()
            .name("nexus")
            .config(ServerConfig.builder().build())
            .svidSource(nexusSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes)
            .objectMapper(SpikeJson.newObjectMapper(SpikeJson.Limits.DEFAULT))
            .build();
    server.start();
  }

  /** POSTs {@code body} to {@code pathAndQuery} with an SVID of {@code role}. */
  HttpResponse<String> post(SpikeRole role, String pathAndQuery, String body) throws Exception {
    X509SvidSource source = td.sourceFor(role);
    clients.add(source);
    HttpClient http = MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
    clients.add(http::close);
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Stops the server, then closes the clients and the SVID sources. */
  @Override
  public void close() throws Exception {
    if (server != null) {
      server.close();
    }
    for (AutoCloseable c : clients) {
      c.close();
    }
    nexusSource.close();
  }
}
