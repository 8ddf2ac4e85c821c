package ist.spike.dist.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.identity.workloadapi.WorkloadApiTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keeper process whose SVID comes from a Workload API server (no {@code SPIKE_SVID_DIR}): the
 * launchers then append the Workload API client's jars to the Keeper's file-SVID class path (ADR
 * 0217), and this is the Keeper as SPIRE deployments run it. It must serve the Workload API SVID
 * and keep a shard for Nexus, without writing the shard to its log.
 */
class KeeperOverWorkloadApiProcessTest {

  @Test
  void keeper_withEndpointSocket_servesTheWorkloadApiSvid_andKeepsAShard(@TempDir Path tmp)
      throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "kwl"); // Unix socket paths are short
    DevTrustDomain td = DevTrustDomain.create(tmp.resolve("td"));
    int port = freePort();
    Path log = tmp.resolve("keeper.log");
    try (WorkloadApiTestServer agent =
        new WorkloadApiTestServer(
            dir.resolve("agent.sock"),
            td.ca().issue(td.idOf(SpikeRole.KEEPER), Duration.ofHours(1)),
            List.of(td.ca().certificate()))) {
      ProcessBuilder pb = DevStackProcess.java("ist.spike.keeper.KeeperMain");
      pb.environment().remove("SPIKE_SVID_DIR");
      pb.environment().put("SPIFFE_ENDPOINT_SOCKET", agent.address());
      pb.environment().put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + port);
      Process keeper = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> accepting(port) || !keeper.isAlive());
        assertThat(keeper.isAlive()).as("keeper log: %s", Files.readString(log)).isTrue();

        byte[] value = new byte[Shard.VALUE_SIZE];
        value[Shard.VALUE_SIZE - 1] = 0x2a;
        value[7] = 0x51;
        URI uri = URI.create("https://127.0.0.1:" + port);
        // the client accepts only the Keeper's SPIFFE ID, which only the Workload API SVID carries
        try (KeeperClient nexus =
                KeeperClient.create(
                    td.sourceFor(SpikeRole.NEXUS),
                    td.roles().verifierFor(SpikeRole.KEEPER),
                    Duration.ofSeconds(20));
            Shard shard = Shard.of(2, SecretBytes.copyOf(value, InsecureSecretAccess.get()))) {
          assertThat(nexus.fetchShard(uri, 2)).isEmpty();
          nexus.contribute(uri, shard);
          try (Shard held = nexus.fetchShard(uri, 2).orElseThrow().shard()) {
            assertThat(held.index()).isEqualTo(2);
            assertThat(held.equalsSecret(shard)).isTrue();
          }
        }
        assertThat(Files.readString(log))
            .contains("listening on")
            .doesNotContain(HexFormat.of().formatHex(value))
            .doesNotContain("Exception");
      } finally {
        keeper.destroy();
        if (!keeper.waitFor(20, TimeUnit.SECONDS)) {
          keeper.destroyForcibly();
        }
      }
    } finally {
      Files.deleteIfExists(dir.resolve("agent.sock"));
      Files.deleteIfExists(dir);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepting(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
