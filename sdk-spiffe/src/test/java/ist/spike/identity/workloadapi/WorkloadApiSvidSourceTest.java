package ist.spike.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SvidSources;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.TlsEchoServer;
import ist.spike.identity.X509Svid;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadApiSvidSourceTest {
  private Path dir;
  private DevTrustDomain td;
  private WorkloadApiTestServer agent;

  @BeforeEach
  void setUp() throws Exception {
    // Unix socket paths are limited to ~107 bytes: keep the directory short.
    dir = Files.createTempDirectory(Path.of("/tmp"), "wl");
    td = DevTrustDomain.create(dir.resolve("td"));
    X509Svid nexus = td.ca().issue(td.idOf(SpikeRole.NEXUS), Duration.ofHours(1));
    agent =
        new WorkloadApiTestServer(dir.resolve("agent.sock"), nexus, List.of(td.ca().certificate()));
  }

  @AfterEach
  void tearDown() throws Exception {
    agent.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void connect_workloadApi_fetchesSvidAndBundle() {
    try (WorkloadApiSvidSource source =
        WorkloadApiSvidSource.connect(agent.address(), Duration.ofSeconds(10))) {
      assertThat(source.svid().spiffeId()).isEqualTo(td.idOf(SpikeRole.NEXUS));
      assertThat(source.bundleFor("spike.ist")).contains(List.of(td.ca().certificate()));
      assertThat(source.bundleFor("other.example")).isEmpty();
    }
  }

  @Test
  void svid_agentRotates_newSvidWithoutReconnect() throws Exception {
    try (WorkloadApiSvidSource source =
        WorkloadApiSvidSource.connect(agent.address(), Duration.ofSeconds(10))) {
      X509Svid first = source.svid();
      X509Svid rotated = td.ca().issue(td.idOf(SpikeRole.NEXUS), Duration.ofHours(2));

      agent.publish(rotated, List.of(td.ca().certificate()));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !source.svid().leaf().equals(first.leaf()));
      assertThat(source.svid().leaf()).isEqualTo(rotated.leaf());
    }
  }

  @Test
  void fromEnv_endpointSocket_usesWorkloadApi() throws IOException {
    try (X509SvidSource source =
        SvidSources.fromEnv(
            Map.of("SPIFFE_ENDPOINT_SOCKET", agent.address()), Duration.ofSeconds(10))) {
      assertThat(source).isInstanceOf(WorkloadApiSvidSource.class);
      assertThat(source.svid().spiffeId()).isEqualTo(td.idOf(SpikeRole.NEXUS));
    }
  }

  @Test
  void fromEnv_svidDirWins_overEndpointSocket() {
    Path svidDir = td.svidDirFor(SpikeRole.KEEPER);
    try (X509SvidSource source =
        SvidSources.fromEnv(
            Map.of(
                "SPIKE_SVID_DIR", svidDir.toString(), "SPIFFE_ENDPOINT_SOCKET", agent.address()))) {
      assertThat(source).isInstanceOf(FileSvidSource.class);
      assertThat(source.svid().spiffeId()).isEqualTo(td.idOf(SpikeRole.KEEPER));
    }
  }

  @Test
  void sslContext_workloadApiSources_mutualTls() throws Exception {
    X509Svid pilotSvid = td.ca().issue(td.idOf(SpikeRole.PILOT_SUPERUSER), Duration.ofHours(1));
    try (WorkloadApiTestServer pilotAgent =
            new WorkloadApiTestServer(
                dir.resolve("pilot.sock"), pilotSvid, List.of(td.ca().certificate()));
        WorkloadApiSvidSource nexus =
            WorkloadApiSvidSource.connect(agent.address(), Duration.ofSeconds(10));
        WorkloadApiSvidSource pilot =
            WorkloadApiSvidSource.connect(pilotAgent.address(), Duration.ofSeconds(10));
        TlsEchoServer server =
            new TlsEchoServer(
                SpiffeTls.sslContext(nexus, SpiffeIdVerifier.anyIn(Set.of("spike.ist"))))) {
      String[] answer =
          TlsEchoServer.call(
              SpiffeTls.sslContext(pilot, td.roles().verifierFor(SpikeRole.NEXUS)), server.port());

      assertThat(answer[0]).isEqualTo("hello spiffe://spike.ist/spike/pilot/role/superuser ping");
      assertThat(answer[1]).isEqualTo("spiffe://spike.ist/spike/nexus");
    }
  }

  @Test
  void connect_noAgent_failsWithinTimeoutNamingAddress() {
    String address = "unix://" + dir.resolve("nobody.sock");
    assertThatThrownBy(() -> WorkloadApiSvidSource.connect(address, Duration.ofSeconds(1)))
        .isInstanceOf(SvidUnavailableException.class)
        .hasMessageContaining(address);
  }

  @Test
  void connect_invalidAddress_failsNamingVariable() {
    assertThatThrownBy(() -> WorkloadApiSvidSource.connect("http://example", Duration.ofSeconds(1)))
        .isInstanceOf(SvidUnavailableException.class)
        .hasMessageContaining("SPIFFE_ENDPOINT_SOCKET");
  }
}
