package ist.spike.server;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.identity.FileSvidSource;
import ist.spike.identity.SpiffeIdVerifier;
import ist.spike.identity.SpiffeTls;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.receipts.audit.AuditChainVerifier;
import ist.spike.receipts.audit.AuditKeys;
import ist.spike.server.audit.ChainedAuditFile;
import ist.spike.server.metrics.ServerMetrics;
import ist.spike.testkit.PrometheusText;
import ist.spike.testkit.PrometheusText.Sample;
import java.io.BufferedReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics listener and the chained audit trail of a real mTLS server. */
class ObservabilityServerTest {
  @TempDir static Path dir;
  static DevTrustDomain td;
  static FileSvidSource serverSource;
  static FileSvidSource pilotSource;
  static HttpClient pilot;

  @BeforeAll
  static void setUp() {
    td = DevTrustDomain.create(dir);
    serverSource = td.sourceFor(SpikeRole.NEXUS);
    pilotSource = td.sourceFor(SpikeRole.PILOT_SUPERUSER);
    pilot =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(SpiffeTls.sslContext(pilotSource, td.roles().verifierFor(SpikeRole.NEXUS)))
            .sslParameters(SpiffeTls.sslParameters())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void tearDown() {
    pilot.close();
    serverSource.close();
    pilotSource.close();
  }

  static RouteTable routes() {
    Guard superuser = Guard.roles(td.roles(), SpikeRole.PILOT_SUPERUSER);
    return RouteTable.builder()
        .add(
            Route.of(
                "/v1/store/secrets",
                "get",
                superuser,
                req -> {
                  req.auditResource("path", "app/db");
                  req.auditResource("versions", "3");
                  return SpikeResponse.json(Map.of("data", Map.of("pw", "canary-value-7")));
                }))
        .build();
  }

  static SpikeServer server(ChainedAuditFile audit, ServerMetrics metrics) {
    SpikeServer s =
        SpikeServer.builder()
            .name("nexus")
            .svidSource(serverSource)
            .peerVerifier(SpiffeIdVerifier.anyIn(Set.of(td.trustDomain())))
            .routes(routes())
            .audit(audit)
            .metrics(metrics)
            .metricsListener(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
            .build();
    s.start();
    return s;
  }

  static HttpResponse<String> post(SpikeServer s, String target) throws Exception {
    return pilot.send(
        HttpRequest.newBuilder(URI.create(s.uri() + target))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"app/db\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> scrape(SpikeServer s, String path) throws Exception {
    try (HttpClient plain = HttpClient.newHttpClient()) {
      return plain.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + s.metricsPort().getAsInt() + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void metrics_afterRequests_parsedByPrometheusParserWithRouteStatusLatencyAndSvidExpiry()
      throws Exception {
    PrometheusText.assumeParserAvailable();
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("m/audit.key"));
    ServerMetrics metrics = ServerMetrics.create("nexus");
    try (ChainedAuditFile audit =
            ChainedAuditFile.open(
                dir.resolve("m/audit.jsonl"), "nexus", keys, false, metrics::auditRecordLost);
        SpikeServer s = server(audit, metrics)) {
      for (int i = 0; i < 3; i++) {
        assertThat(post(s, "/v1/store/secrets?action=get").statusCode()).isEqualTo(200);
      }
      assertThat(post(s, "/v1/no/such/route?action=x").statusCode()).isEqualTo(400);
      metrics.refusals().refused("peer_rate");

      HttpResponse<String> r = scrape(s, "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
      List<Sample> samples = PrometheusText.parse(r.body());

      Map<String, String> getOk =
          Map.of("server", "nexus", "route", "/v1/store/secrets", "action", "get", "status", "200");
      assertThat(PrometheusText.find(samples, "spike_requests_seconds_count", getOk))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(3.0));
      List<Sample> buckets = PrometheusText.find(samples, "spike_requests_seconds_bucket", getOk);
      assertThat(buckets).hasSizeGreaterThan(5);
      assertThat(buckets)
          .filteredOn(b -> b.labels().get("le").equals("+Inf"))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(3.0));
      assertThat(
              PrometheusText.find(
                  samples,
                  "spike_requests_seconds_count",
                  Map.of("route", "other", "action", "", "status", "400")))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
      assertThat(
              PrometheusText.find(
                  samples, "spike_requests_refused_total", Map.of("reason", "peer_rate")))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
      assertThat(
              PrometheusText.find(
                  samples, "spike_requests_refused_total", Map.of("reason", "request_cap")))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(0.0));
      double expiry =
          PrometheusText.find(samples, "spike_svid_expiry_timestamp_seconds", Map.of())
              .getFirst()
              .value();
      assertThat(expiry).isEqualTo((double) serverSource.svid().expiresAt().getEpochSecond());
      assertThat(PrometheusText.find(samples, "spike_audit_records_lost_total", Map.of()))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(0.0));
      assertThat(r.body()).doesNotContain("canary-value-7");

      assertThat(scrape(s, "/v1/store/secrets").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void audit_requestsChainedWithResourceAndNoValue() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("a/audit.key"));
    Path file = dir.resolve("a/audit.jsonl");
    try (ChainedAuditFile audit = ChainedAuditFile.open(file, "nexus", keys, true, n -> {});
        SpikeServer s = server(audit, ServerMetrics.create("nexus"))) {
      assertThat(post(s, "/v1/store/secrets?action=get").statusCode()).isEqualTo(200);
      assertThat(post(s, "/v1/store/secrets?action=nope").statusCode()).isEqualTo(400);
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"resource\":{\"path\":\"app/db\",\"versions\":\"3\"}")
        .contains("\"peer\":\"" + pilotSource.svid().spiffeId() + "\"")
        .contains("\"status\":200")
        .contains("\"outcome\":\"ok\"");
    assertThat(lines.get(1))
        .contains("\"status\":400")
        .contains("\"outcome\":\"api_bad_request\"")
        .contains("\"peer\":\"" + pilotSource.svid().spiffeId() + "\"");
    assertThat(String.join("\n", lines)).doesNotContain("canary-value-7");
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      assertThat(AuditChainVerifier.verify(r, keys.publicKey()).isValid()).isTrue();
    }
  }

  @Test
  void audit_sinkFullFailClosed_answers503AndNeverTheValue() throws Exception {
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("c/audit.key"));
    try (ChainedAuditFile audit =
            ChainedAuditFile.open(Path.of("/dev/full"), "nexus", keys, true, n -> {});
        SpikeServer s = server(audit, ServerMetrics.create("nexus"))) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = post(s, "/v1/store/secrets?action=get");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("state_not_ready").doesNotContain("canary-value-7");
      }
    }
  }

  @Test
  void audit_sinkFullFailOpen_servedAndLostRecordsCounted() throws Exception {
    PrometheusText.assumeParserAvailable();
    AuditKeys keys = AuditKeys.loadOrCreate(dir.resolve("o/audit.key"));
    ServerMetrics metrics = ServerMetrics.create("nexus");
    try (ChainedAuditFile audit =
            ChainedAuditFile.open(
                Path.of("/dev/full"), "nexus", keys, false, metrics::auditRecordLost);
        SpikeServer s = server(audit, metrics)) {
      for (int i = 0; i < 2; i++) {
        assertThat(post(s, "/v1/store/secrets?action=get").statusCode()).isEqualTo(200);
      }
      List<Sample> samples = PrometheusText.parse(scrape(s, "/metrics").body());
      assertThat(PrometheusText.find(samples, "spike_audit_records_lost_total", Map.of()))
          .singleElement()
          .satisfies(x -> assertThat(x.value()).isEqualTo(2.0));
    }
  }
}
