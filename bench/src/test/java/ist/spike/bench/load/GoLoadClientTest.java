package ist.spike.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ist.spike.bench.stack.BareServerMain;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.server.SpikeServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoLoadClientTest {
  private static final Path HOME = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void parse_turnsEveryLatencyIntoTheHistogram() throws IOException {
    LoadResult result =
        GoLoadClient.parse(
            new BufferedReader(new StringReader("4 1 2.000\n100\n200\n300\n9000\n")));

    assertThat(result.completed()).isEqualTo(4);
    assertThat(result.errors()).isEqualTo(1);
    assertThat(result.throughput()).isEqualTo(2.0);
    assertThat(result.latencyMillis(50)).isBetween(0.199, 0.201);
    assertThat(result.latencyMillis(100)).isBetween(8.99, 9.01);
  }

  @Test
  void parse_refusesOutputWhoseCountsDisagree() {
    assertThatThrownBy(
            () -> GoLoadClient.parse(new BufferedReader(new StringReader("3 0 1.0\n100\n200\n"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("printed 2 latencies");
    assertThatThrownBy(() -> GoLoadClient.parse(new BufferedReader(new StringReader(""))))
        .hasMessageContaining("printed nothing");
    assertThatThrownBy(
            () -> GoLoadClient.parse(new BufferedReader(new StringReader("1 0 x\n100\n"))))
        .hasMessageContaining("unreadable");
  }

  /**
   * The real program against the real server stack over mTLS; needs Debian's golang-go, which
   * {@code bin/spike-bench} installs, so it is skipped where no Go toolchain is installed.
   */
  @Test
  void run_keepAliveAndNewConnections_againstTheBareServer_verifyingItsIdentity(@TempDir Path dir)
      throws Exception {
    GoLoadClient client;
    try {
      client = GoLoadClient.build(HOME, dir.resolve("go"));
    } catch (GoLoadClient.UnavailableException e) {
      assumeTrue(false, e.getMessage());
      return;
    }
    DevTrustDomain trust = DevTrustDomain.create(dir.resolve("trust"));
    SpikeServer server = BareServerMain.start(trust, 0);
    try {
      Path svidDir = trust.svidDirFor(SpikeRole.PILOT_SUPERUSER);
      String nexusId = trust.idOf(SpikeRole.NEXUS).toString();
      LoadConfig config = LoadConfig.closedLoop(4, Duration.ofMillis(200), Duration.ofMillis(800));
      GoLoadClient.Request get =
          new GoLoadClient.Request(
              server.port(), svidDir, nexusId, "/v1/store/secrets?action=get", "{}", 200);

      LoadResult keepAlive = client.run(config, get, false);
      LoadResult fresh = client.run(config, get, true);
      LoadResult wrongServer =
          client.run(
              config,
              new GoLoadClient.Request(
                  server.port(),
                  svidDir,
                  trust.idOf(SpikeRole.KEEPER).toString(),
                  "/v1/store/secrets?action=get",
                  "{}",
                  200),
              false);

      assertThat(keepAlive.completed()).isGreaterThan(20);
      assertThat(keepAlive.errors()).isZero();
      assertThat(fresh.errors()).isZero();
      // A handshake per request costs more than a request on an open connection.
      assertThat(fresh.latencyMillis(50)).isGreaterThan(keepAlive.latencyMillis(50));
      assertThat(wrongServer.errors()).isEqualTo(wrongServer.completed());
      assertThat(Files.isExecutable(dir.resolve("go/loadgen"))).isTrue();
    } finally {
      server.close();
    }
  }
}
