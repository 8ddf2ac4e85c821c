package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.shamir.Shamir;
import ist.spike.crypto.shamir.ShamirParameters;
import ist.spike.crypto.shamir.Shard;
import ist.spike.identity.FileSvidSource;
import ist.spike.identity.MtlsTestClients;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.dev.DevTrustDomain;
import ist.spike.nexus.observe.NexusMetrics;
import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.audit.AuditChainVerifier;
import ist.spike.testkit.PrometheusText;
import ist.spike.testkit.PrometheusText.Sample;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Nexus (SQLite, Keepers that never answer) driven through a scripted session — restore,
 * put, get, policy create, a workload read refused, recover — then its audit chain and its metrics
 * are read the way an operator would: the chain verified with the public key only, the metrics
 * parsed by the Prometheus reference parser.
 */
class NexusObservabilityTest {
  private static final String CANARY = "audit-canary-secret-value-91";

  @TempDir Path dir;

  @Test
  void scriptedSession_auditChainNamesResourcesWithoutSecretsAndMetricsAreScraped()
      throws Exception {
    DevTrustDomain td = DevTrustDomain.create(dir.resolve("td"));
    Map<String, String> env = new HashMap<>();
    env.put("SPIKE_SVID_DIR", td.svidDirFor(SpikeRole.NEXUS).toString());
    env.put("SPIKE_NEXUS_TLS_PORT", "127.0.0.1:0");
    env.put("SPIKE_NEXUS_DATA_DIR", dir.resolve("nexus").toString());
    env.put("SPIKE_NEXUS_BACKEND_STORE", "sqlite");
    // Nothing listens on these: every Keeper check is "unreachable", every seeding fails.
    env.put(
        "SPIKE_NEXUS_KEEPER_PEERS",
        "https://127.0.0.1:9,https://127.0.0.1:11,https://127.0.0.1:13");
    env.put("SPIKE_NEXUS_SHAMIR_THRESHOLD", "2");
    env.put("SPIKE_NEXUS_SHAMIR_SHARES", "3");
    env.put("SPIKE_NEXUS_RECOVERY_MAX_INTERVAL", "1s");
    env.put("SPIKE_HTTP_CLIENT_TIMEOUT", "2s");
    env.put("SPIKE_HTTP_SERVER_METRICS_ADDR", "127.0.0.1:0");

    List<String> shardTexts = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    try (NexusMain.Nexus nexus = NexusMain.Nexus.start(env)) {
      URI base = nexus.server().uri();
      HttpClient restore = client(td, SpikeRole.PILOT_RESTORE, closeables);
      HttpClient superuser = client(td, SpikeRole.PILOT_SUPERUSER, closeables);
      HttpClient recover = client(td, SpikeRole.PILOT_RECOVER, closeables);
      FileSvidSource workloadSource = td.sourceFor(td.id("workload/app"));
      closeables.add(workloadSource);
      HttpClient workload =
          MtlsTestClients.http(workloadSource, td.roles().verifierFor(SpikeRole.NEXUS));
      closeables.add(workload::close);

      int port = nexus.server().metricsPort().getAsInt();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> scrape(port).contains("result=\"unreachable\""));

      // Restore with two shards of a fresh root key (first start: it becomes this store's key).
      try (RootKey key = RootKey.generate(new SecureRandom())) {
        List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
        try {
          for (int i = 0; i < 2; i++) {
            byte[] value = shards.get(i).revealValue(InsecureSecretAccess.get());
            String numbers = numbers(value);
            shardTexts.add(numbers);
            shardTexts.add(HexFormat.of().formatHex(value));
            HttpResponse<String> r =
                post(
                    restore,
                    base,
                    "/v1/operator/restore",
                    "{\"id\":" + shards.get(i).index() + ",\"shard\":" + numbers + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          }
        } finally {
          shards.forEach(Shard::close);
        }
      }
      assertThat(
              post(
                      superuser,
                      base,
                      "/v1/store/secrets",
                      "{\"path\":\"app/db\",\"values\":{\"password\":\"" + CANARY + "\"}}")
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> got =
          post(superuser, base, "/v1/store/secrets?action=get", "{\"path\":\"app/db\"}");
      assertThat(got.body()).contains(CANARY);
      assertThat(
              post(
                      superuser,
                      base,
                      "/v1/acl/policy",
                      "{\"name\":\"db-readers\",\"spiffeidPattern\":\"^spiffe://spike.ist/other$\","
                          + "\"pathPattern\":\"^app/.*$\",\"permissions\":[\"read\"]}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              post(workload, base, "/v1/store/secrets?action=get", "{\"path\":\"app/db\"}")
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> recovered = post(recover, base, "/v1/operator/recover", "{}");
      assertThat(recovered.statusCode()).isEqualTo(200);
      shardTexts.addAll(shardArrays(recovered.body()));
      assertThat(
              post(superuser, base, "/v1/store/secrets", "x".repeat(2 * 1024 * 1024)).statusCode())
          .isEqualTo(413);

      PrometheusText.assumeParserAvailable();
      List<Sample> samples = PrometheusText.parse(scrape(port));
      assertThat(value(samples, "spike_root_key_state", Map.of("state", "ready"))).isEqualTo(1);
      assertThat(value(samples, "spike_root_key_state", Map.of("state", "waiting"))).isEqualTo(0);
      assertThat(
              value(
                  samples,
                  "spike_requests_seconds_count",
                  Map.of("route", "/v1/store/secrets", "action", "get", "status", "200")))
          .isEqualTo(1);
      assertThat(
              value(
                  samples,
                  "spike_requests_seconds_count",
                  Map.of("route", "/v1/store/secrets", "action", "get", "status", "401")))
          .isEqualTo(1);
      assertThat(
              PrometheusText.find(
                  samples,
                  "spike_requests_seconds_bucket",
                  Map.of("route", "/v1/acl/policy", "status", "200")))
          .hasSizeGreaterThan(5);
      assertThat(value(samples, "spike_requests_refused_total", Map.of("reason", "body_too_large")))
          .isEqualTo(1);
      assertThat(value(samples, "spike_restore_attempts_total", Map.of("result", "accepted")))
          .isEqualTo(2);
      assertThat(value(samples, "spike_recover_total", Map.of())).isEqualTo(1);
      assertThat(
              value(samples, "spike_root_key_installs_total", Map.of("source", "operator restore")))
          .isEqualTo(1);
      assertThat(
              value(
                  samples,
                  "spike_keeper_checks_total",
                  Map.of("keeper", "https://127.0.0.1:9", "result", "unreachable")))
          .isGreaterThanOrEqualTo(1);
      // put + policy (+ the key-check value stored at first start)
      assertThat(value(samples, "spike_store_commits_total", Map.of())).isGreaterThanOrEqualTo(2);
      assertThat(value(samples, "spike_store_committed_writes_total", Map.of()))
          .isGreaterThanOrEqualTo(2);
      double batches = value(samples, "spike_store_commit_batch_size_count", Map.of());
      assertThat(batches)
          .as("one batch-size observation per commit")
          .isEqualTo(value(samples, "spike_store_commits_total", Map.of()));
      assertThat(value(samples, "spike_store_commit_batch_size_sum", Map.of()))
          .as("the batch sizes add up to the committed writes")
          .isEqualTo(value(samples, "spike_store_committed_writes_total", Map.of()));
      List<Sample> buckets =
          PrometheusText.find(samples, "spike_store_commit_batch_size_bucket", Map.of());
      assertThat(buckets).hasSize(NexusMetrics.BATCH_SIZE_BUCKETS.length + 1);
      assertThat(value(samples, "spike_store_commit_batch_size_bucket", Map.of("le", "+Inf")))
          .isEqualTo(batches);
      // sequential requests: every batch holds one write
      assertThat(value(samples, "spike_store_commit_batch_size_bucket", Map.of("le", "1.0")))
          .isEqualTo(batches);
      assertThat(value(samples, "spike_svid_expiry_timestamp_seconds", Map.of()))
          .isGreaterThan(System.currentTimeMillis() / 1000.0);
      assertThat(value(samples, "spike_audit_records_lost_total", Map.of())).isEqualTo(0);
      // registered by NexusMain (values during a rotation: RotationDriverTest); none ran here
      assertThat(value(samples, "spike_rotation_phase", Map.of("phase", "resealing"))).isEqualTo(0);
      assertThat(value(samples, "spike_rotation_target_generation", Map.of())).isEqualTo(0);
      assertThat(value(samples, "spike_rotation_rows_resealed", Map.of())).isEqualTo(0);
      assertThat(value(samples, "spike_rotation_rows_sealed", Map.of())).isEqualTo(0);
      assertThat(value(samples, "spike_rotations_completed_total", Map.of())).isEqualTo(0);
    } finally {
      for (AutoCloseable c : closeables) {
        c.close();
      }
    }

    Path audit = dir.resolve("nexus/data/audit/nexus-audit.jsonl");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit)))
        .isEqualTo("rw-------");
    String text = Files.readString(audit);
    List<String> lines = text.lines().toList();
    assertThat(text).doesNotContain(CANARY);
    for (String shard : shardTexts) {
      assertThat(text).doesNotContain(shard);
    }
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"event\":\"restore_shard\"")
                    .contains("\"outcome\":\"ok\""));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"event\":\"root_key_rebuilt\"")
                    .contains("\"source\":\"operator restore\""));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"action\":\"\"")
                    .contains("\"resource\":{\"path\":\"app/db\",\"version\":\"1\"}")
                    .contains("\"status\":200"));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"action\":\"get\"")
                    .contains("\"peer\":\"spiffe://spike.ist/workload/app\"")
                    .contains("\"resource\":{\"path\":\"app/db\",\"versions\":\"0\"}")
                    .contains("\"status\":401"));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"route\":\"/v1/acl/policy\"")
                    .contains("\"resource\":{\"policy\":\"db-readers\"}"));
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).contains("\"event\":\"recover\"").contains("\"shards\":\"3\""));

    GroupPublicKey key =
        GroupPublicKey.parseHex(
            Files.readString(audit.resolveSibling("nexus-audit.key.pub")).strip());
    try (BufferedReader r = Files.newBufferedReader(audit, StandardCharsets.UTF_8)) {
      AuditChainVerifier.Report report = AuditChainVerifier.verify(r, key);
      assertThat(report.failure()).isEmpty();
      assertThat(report.records()).isEqualTo(lines.size());
    }
  }

  private static HttpClient client(
      DevTrustDomain td, SpikeRole role, List<AutoCloseable> closeables) {
    FileSvidSource source = td.sourceFor(role);
    closeables.add(source);
    HttpClient client = MtlsTestClients.http(source, td.roles().verifierFor(SpikeRole.NEXUS));
    closeables.add(client::close);
    return client;
  }

  private static HttpResponse<String> post(HttpClient client, URI base, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape(int port) throws Exception {
    try (HttpClient plain = HttpClient.newHttpClient()) {
      return plain
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found = PrometheusText.find(samples, name, labels);
    assertThat(found).as("%s%s", name, labels).hasSize(1);
    return found.getFirst().value();
  }

  private static String numbers(byte[] value) {
    List<String> n = new ArrayList<>();
    for (byte b : value) {
      n.add(Integer.toString(b & 0xff));
    }
    return "[" + String.join(",", n) + "]";
  }

  /** The 32-number arrays in a recover response, as they would appear in JSON. */
  private static List<String> shardArrays(String body) {
    List<String> arrays = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[[0-9,]+\\]").matcher(body);
    while (m.find()) {
      arrays.add(m.group());
    }
    assertThat(arrays).hasSize(3);
    return arrays.stream().collect(Collectors.toList());
  }
}
