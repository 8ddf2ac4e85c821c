package ist.spike.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SvidUnavailableException;
import ist.spike.identity.X509SvidSource;
import ist.spike.identity.dev.DevTrustDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK fails within 1 s, naming what is missing, when it has no SVID (issue #15). */
class SvidSetupTest {
  @TempDir Path dir;

  /** Runs {@code fromEnvironment} and returns its failure and how long it took. */
  private static SvidUnavailableException failure(Map<String, String> env, Duration within) {
    long start = System.nanoTime();
    Throwable t = null;
    try (SpikeClient ignored = SpikeClient.fromEnvironment(env)) {
      throw new AssertionError("expected no SVID");
    } catch (SvidUnavailableException e) {
      t = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("time to fail").isLessThan(within);
    assertThat(t.getCause()).as("no third-party stack trace").isNull();
    return (SvidUnavailableException) t;
  }

  @Test
  void fromEnvironment_noSourceConfigured_failsAtOnceNamingBothVariables() {
    SvidUnavailableException e = failure(Map.of(), Duration.ofSeconds(1));

    assertThat(e)
        .hasMessageContaining("no SVID source configured")
        .hasMessageContaining("SPIKE_SVID_DIR")
        .hasMessageContaining("SPIFFE_ENDPOINT_SOCKET");
  }

  @Test
  void fromEnvironment_svidDirMissing_failsWithinTheDefaultWaitNamingTheFiles() {
    Path missing = dir.resolve("nowhere");

    SvidUnavailableException e =
        failure(Map.of("SPIKE_SVID_DIR", missing.toString()), Duration.ofSeconds(1));

    assertThat(e)
        .hasMessageContaining("SPIKE_SVID_DIR=" + missing)
        .hasMessageContaining("svid.pem")
        .hasMessageContaining("svid_key.pem")
        .hasMessageContaining("bundle.pem")
        .hasMessageContaining("the directory does not exist");
  }

  @Test
  void fromEnvironment_oneFileMissing_namesOnlyThatFile() throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Path svids = dir.resolve("app");
    td.ca().writeSvid(td.idOf(SpikeRole.PILOT_SUPERUSER), Duration.ofHours(1), svids);
    Files.delete(svids.resolve(FileSvidSource.KEY_FILE));

    SvidUnavailableException e =
        failure(
            Map.of("SPIKE_SVID_DIR", svids.toString(), "SPIKE_SDK_SVID_WAIT", "100ms"),
            Duration.ofSeconds(1));

    assertThat(e).hasMessageContaining("missing svid_key.pem after 100 ms");
    assertThat(e.getMessage()).doesNotContain("missing svid.pem");
  }

  @Test
  void fromEnvironment_socketMissing_failsNamingTheSocket() {
    Path socket = dir.resolve("agent.sock");

    SvidUnavailableException e =
        failure(
            Map.of("SPIFFE_ENDPOINT_SOCKET", "unix://" + socket, "SPIKE_SDK_SVID_WAIT", "200ms"),
            Duration.ofSeconds(1));

    assertThat(e)
        .hasMessageContaining("no socket at " + socket)
        .hasMessageContaining("SPIRE agent running");
  }

  @Test
  void fromEnvironment_socketPresentWithoutAddOn_namesTheArtifact() throws Exception {
    Path socket = Files.createFile(dir.resolve("agent.sock"));

    SvidUnavailableException e =
        failure(Map.of("SPIFFE_ENDPOINT_SOCKET", "unix://" + socket), Duration.ofSeconds(1));

    assertThat(e).hasMessageContaining("ist.spike:spike-sdk-spiffe");
  }

  @Test
  void fromEnvironment_invalidWait_namesTheVariable() {
    assertThatThrownBy(
            () -> SpikeClient.fromEnvironment(Map.of("SPIKE_SDK_SVID_WAIT", "soon")).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SPIKE_SDK_SVID_WAIT='soon' is not a duration");
  }

  @Test
  void fromEnvironment_filesAppearDuringTheWait_opens() throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Path svids = dir.resolve("late");
    Thread writer =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
                td.ca().writeSvid(td.idOf(SpikeRole.PILOT_SUPERUSER), Duration.ofHours(1), svids);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    writer.start();
    try (X509SvidSource source =
        SvidSetup.open(Map.of("SPIKE_SVID_DIR", svids.toString(), "SPIKE_SDK_SVID_WAIT", "10s"))) {
      assertThat(source.svid().spiffeId()).isEqualTo(td.idOf(SpikeRole.PILOT_SUPERUSER));
    } finally {
      writer.join();
    }
  }
}
