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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keeper process started with the defaults has no metrics listener and never loads Micrometer or
 * the Prometheus client (ADRs 0236 and 0240), and one with {@code SPIKE_HTTP_SERVER_METRICS_ADDR}
 * set serves its request metrics as before. Both keep a shard; the JVM's own class-load log tells
 * which classes were loaded.
 */
class KeeperMetricsProcessTest {
  private static final Pattern METRICS_URL =
      Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+/metrics)");

  @Test
  void defaults_noMetricsListenerAndNoMicrometerOrPrometheusClassIsLoaded(@TempDir Path tmp)
      throws Exception {
    String classes =
        runKeeper(
            tmp,
            null,
            log ->
                assertThat(log)
                    .contains("SPIKE Keeper")
                    .doesNotContain("metrics on")
                    .doesNotContain("/metrics"));
    assertThat(classes).contains("ist.spike.keeper.KeeperMain").contains("org.eclipse.jetty");
    assertThat(loadedFrom(classes, "io.micrometer.")).isEmpty();
    assertThat(loadedFrom(classes, "io.prometheus.")).isEmpty();
  }

  @Test
  void metricsAddressSet_servesTheKeepersRequests(@TempDir Path tmp) throws Exception {
    String classes =
        runKeeper(
            tmp,
            "127.0.0.1:0",
            log -> {
              Matcher m = METRICS_URL.matcher(log);
              assertThat(m.find()).as("metrics line in %s", log).isTrue();
              HttpResponse<String> scrape =
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                          HttpResponse.BodyHandlers.ofString());
              assertThat(scrape.statusCode()).isEqualTo(200);
              assertThat(scrape.body())
                  .contains(
                      "spike_requests_seconds_count{action=\"\",route=\"/v1/store/contribute\"")
                  .contains("spike_svid_expiry_timestamp_seconds{server=\"keeper\"}");
            });
    assertThat(loadedFrom(classes, "io.micrometer.")).isNotEmpty();
  }

  interface LogCheck {
    void check(String log) throws Exception;
  }

  /** Starts a Keeper, gives it a shard, reads it back, runs the check; returns its class log. */
  private static String runKeeper(Path tmp, String metricsAddr, LogCheck check) throws Exception {
    DevTrustDomain td = DevTrustDomain.create(tmp.resolve("td"));
    int port = freePort();
    Path log = tmp.resolve("keeper.log");
    Path classLog = tmp.resolve("classes.log");
    ProcessBuilder pb = DevStackProcess.java("ist.spike.keeper.KeeperMain");
    pb.command().add(1, "-Xlog:class+load=info:file=" + classLog);
    pb.environment().put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.KEEPER).toString());
    pb.environment().remove("SPIFFE_ENDPOINT_SOCKET");
    pb.environment().put("SPIKE_KEEPER_TLS_PORT", "127.0.0.1:" + port);
    if (metricsAddr == null) {
      pb.environment().remove("SPIKE_HTTP_SERVER_METRICS_ADDR");
    } else {
      pb.environment().put("SPIKE_HTTP_SERVER_METRICS_ADDR", metricsAddr);
    }
    Process keeper = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitAccepting(keeper, port, log);
      byte[] value = new byte[Shard.VALUE_SIZE];
      value[3] = 0x33;
      URI uri = URI.create("https://127.0.0.1:" + port);
      try (KeeperClient nexus =
              KeeperClient.create(
                  td.sourceFor(SpikeRole.NEXUS),
                  td.roles().verifierFor(SpikeRole.KEEPER),
                  Duration.ofSeconds(20));
          Shard shard = Shard.of(1, SecretBytes.copyOf(value, InsecureSecretAccess.get()))) {
        nexus.contribute(uri, shard);
        try (Shard held = nexus.fetchShard(uri, 1).orElseThrow().shard()) {
          assertThat(held.equalsSecret(shard)).isTrue();
        }
      }
      check.check(Files.readString(log));
      return Files.readString(classLog);
    } finally {
      stop(keeper);
    }
  }

  private static List<String> loadedFrom(String classLog, String prefix) {
    return classLog.lines().filter(l -> l.contains("] " + prefix)).toList();
  }
}
