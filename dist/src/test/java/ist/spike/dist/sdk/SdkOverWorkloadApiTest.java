package ist.spike.dist.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.secret.SecretGetResponse;
import ist.spike.client.SpikeClient;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.X509Svid;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.identity.workloadapi.WorkloadApiTestServer;
import ist.spike.server.Guard;
import ist.spike.server.Route;
import ist.spike.server.RouteTable;
import ist.spike.server.SpikeResponse;
import ist.spike.server.SpikeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK with the add-on on the class path: {@code SpikeClient.fromEnvironment} with {@code
 * SPIFFE_ENDPOINT_SOCKET} finds the Workload API connector through the service loader, takes its
 * SVID from a Workload API server and reads a secret over mTLS.
 */
class SdkOverWorkloadApiTest {
  private Path dir;
  private DevTrustDomain td;
  private WorkloadApiTestServer agent;
  private SpikeServer nexus;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "wl"); // Unix socket paths are short
    td = DevTrustDomain.create(dir.resolve("td"));
    X509Svid app = td.ca().issue(td.id("app/spire"), Duration.ofHours(1));
    agent =
        new WorkloadApiTestServer(dir.resolve("agent.sock"), app, List.of(td.ca().certificate()));
    Route get =
        Route.of(
            "/v1/store/secrets",
            "get",
            Guard.authorizedInHandler("test"),
            req ->
                SpikeResponse.json(
                    new SecretGetResponse(Map.of("peer", req.peer().toString()), null)));
    nexus =
        SpikeServer.builder()
            .name("nexus")
            .svidSource(td.sourceFor(SpikeRole.NEXUS))
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of("spike.ist")))
            .routes(RouteTable.builder().add(get).build())
            .build();
    nexus.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    nexus.close();
    agent.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void fromEnvironment_endpointSocket_readsASecretWithTheWorkloadApiSvid() throws Exception {
    try (SpikeClient spike =
        SpikeClient.fromEnvironment(
            Map.of(
                "SPIFFE_ENDPOINT_SOCKET", agent.address(),
                "SPIKE_NEXUS_API_URL", nexus.uri().toString()))) {
      assertThat(spike.secrets().get("db").orElseThrow())
          .containsEntry("peer", "spiffe://spike.ist/app/spire");
    }
  }
}
