package ist.spike.dist.e2e;

import static ist.spike.dist.e2e.LocalProcesses.awaitAccepting;
import static ist.spike.dist.e2e.LocalProcesses.freePort;
import static ist.spike.dist.e2e.LocalProcesses.stop;
import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.shamir.Shard;
import ist.spike.custody.KeeperClient;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.identity.workloadapi.WorkloadApiTestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
        awaitAccepting(keeper, port, log);

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
        stop(keeper);
      }
    } finally {
      Files.deleteIfExists(dir.resolve("agent.sock"));
      Files.deleteIfExists(dir);
    }
  }
}
