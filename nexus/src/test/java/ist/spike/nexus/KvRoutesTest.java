package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import ist.spike.nexus.store.ManualClock;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KV v2 features over real mTLS against a SQLite-backed Nexus whose clock the test moves:
 * destroy, secret settings and custom metadata, version expiry, check-and-set required, paged
 * lists, and the 400s for inputs over their limits.
 */
final class KvRoutesTest {
  @TempDir static Path dir;
  static final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T00:00:00Z"));
  static NexusHarness nexus;
  static HttpClient su;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    nexus = new NexusHarness(dir, BackendKind.SQLITE, DataPlaneSettings.DEFAULTS, null, clock);
    su = nexus.http(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER));
  }

  @AfterAll
  static void stop() {
    nexus.close();
  }

  static HttpResponse<byte[]> post(String target, String body) throws Exception {
    return NexusHarness.postJson(su, nexus.uri(), target, body);
  }

  static JsonNode ok(String target, String body) throws Exception {
    HttpResponse<byte[]> r = post(target, body);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as("%s %s -> %s", target, body, text).isEqualTo(200);
    return JSON.readTree(text);
  }

  static void put(String path, String value) throws Exception {
    ok("/v1/store/secrets", "{\"path\":\"" + path + "\",\"values\":{\"k\":\"" + value + "\"}}");
  }

  static JsonNode metadata(String path) throws Exception {
    return ok("/v1/store/secrets/metadata?action=get", "{\"path\":\"" + path + "\"}");
  }

  static void assertRefused(String target, String body, int status, String messagePart)
      throws Exception {
    HttpResponse<byte[]> r = post(target, body);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(text).isEqualTo(status);
    if (messagePart != null) {
      assertThat(text).contains(messagePart);
    }
  }

  @Test
  void destroy_overHttp_versionUnreadableAndMarkedDestroyed() throws Exception {
    put("kv/d", "one");
    put("kv/d", "two");
    ok("/v1/store/secrets?action=destroy", "{\"path\":\"kv/d\",\"versions\":[1]}");
    assertRefused(
        "/v1/store/secrets?action=get", "{\"path\":\"kv/d\",\"version\":1}", 404, "not_found");
    assertRefused(
        "/v1/store/secrets?action=undelete", "{\"path\":\"kv/d\",\"versions\":[1]}", 404, null);
    JsonNode meta = metadata("kv/d");
    assertThat(meta.at("/versions/1/destroyed").asBoolean()).isTrue();
    assertThat(meta.at("/versions/2/destroyed").isMissingNode()).isTrue();
    assertThat(ok("/v1/store/secrets?action=get", "{\"path\":\"kv/d\"}").at("/data/k").asText())
        .isEqualTo("two");
  }

  @Test
  void destroy_badBodies_400WithTheRule() throws Exception {
    put("kv/d2", "x");
    assertRefused(
        "/v1/store/secrets?action=destroy",
        "{\"path\":\"kv/d2\",\"versions\":[]}",
        400,
        "at least one version");
    assertRefused(
        "/v1/store/secrets?action=destroy", "{\"path\":\"kv/none\",\"versions\":[1]}", 404, null);
  }

  @Test
  void metadataPut_customMetadataAndSettings_shownByMetadataGet() throws Exception {
    put("kv/m", "x");
    ok(
        "/v1/store/secrets/metadata",
        "{\"path\":\"kv/m\",\"maxVersions\":4,\"casRequired\":true,"
            + "\"deleteVersionAfter\":\"1h30m\",\"customMetadata\":{\"owner\":\"team-a\"}}");
    JsonNode meta = metadata("kv/m").get("metadata");
    assertThat(meta.get("maxVersions").asInt()).isEqualTo(4);
    assertThat(meta.get("casRequired").asBoolean()).isTrue();
    assertThat(meta.get("deleteVersionAfter").asText()).isEqualTo("1h30m0s");
    assertThat(meta.at("/customMetadata/owner").asText()).isEqualTo("team-a");
    // a put without cas is refused now, with cas it is taken
    assertRefused(
        "/v1/store/secrets",
        "{\"path\":\"kv/m\",\"values\":{\"k\":\"y\"}}",
        400,
        "check-and-set is required");
    ok("/v1/store/secrets", "{\"path\":\"kv/m\",\"values\":{\"k\":\"y\"},\"cas\":1}");
    // a partial change leaves the other settings as they are
    ok("/v1/store/secrets/metadata", "{\"path\":\"kv/m\",\"casRequired\":false}");
    meta = metadata("kv/m").get("metadata");
    assertThat(meta.has("casRequired")).isFalse();
    assertThat(meta.at("/customMetadata/owner").asText()).isEqualTo("team-a");
  }

  @Test
  void metadataPut_inputsOverLimits_400AndNothingChanged() throws Exception {
    put("kv/lim", "x");
    String big = "v".repeat(513);
    assertRefused(
        "/v1/store/secrets/metadata",
        "{\"path\":\"kv/lim\",\"customMetadata\":{\"k\":\"" + big + "\"}}",
        400,
        "at most 512 bytes");
    assertRefused(
        "/v1/store/secrets/metadata",
        "{\"path\":\"kv/lim\",\"deleteVersionAfter\":\"3 days\"}",
        400,
        "deleteVersionAfter must be whole hours");
    assertRefused(
        "/v1/store/secrets/metadata",
        "{\"path\":\"kv/lim\",\"deleteVersionAfter\":\"87601h\"}",
        400,
        "at most 87600h");
    assertRefused(
        "/v1/store/secrets/metadata", "{\"path\":\"kv/lim\",\"maxVersions\":1001}", 400, null);
    assertRefused("/v1/store/secrets/metadata", "{\"path\":\"kv/nope\"}", 404, null);
    JsonNode meta = metadata("kv/lim").get("metadata");
    assertThat(meta.has("customMetadata")).isFalse();
    assertThat(meta.has("deleteVersionAfter")).isFalse();
    assertThat(meta.get("maxVersions").asInt()).isEqualTo(10);
  }

  @Test
  void deleteVersionAfter_overHttp_versionGoneOnceTheClockPassesIt() throws Exception {
    put("kv/t", "x");
    ok("/v1/store/secrets/metadata", "{\"path\":\"kv/t\",\"deleteVersionAfter\":\"10m\"}");
    clock.advance(Duration.ofMinutes(9));
    ok("/v1/store/secrets?action=get", "{\"path\":\"kv/t\"}");
    clock.advance(Duration.ofMinutes(1));
    assertRefused("/v1/store/secrets?action=get", "{\"path\":\"kv/t\"}", 404, null);
  }

  @Test
  void list_pagedByPrefix_overHttp() throws Exception {
    for (String p : new String[] {"pg/a", "pg/b", "pg/c", "pgx"}) {
      put(p, "x");
    }
    JsonNode first = ok("/v1/store/secrets?action=list", "{\"prefix\":\"pg/\",\"limit\":2}");
    assertThat(first.get("keys").toString()).isEqualTo("[\"pg/a\",\"pg/b\"]");
    assertThat(first.get("next").asText()).isEqualTo("pg/b");
    JsonNode second =
        ok("/v1/store/secrets?action=list", "{\"prefix\":\"pg/\",\"after\":\"pg/b\",\"limit\":2}");
    assertThat(second.get("keys").toString()).isEqualTo("[\"pg/c\"]");
    assertThat(second.has("next")).isFalse();
    // SPIKE's plain list is unchanged
    JsonNode all = ok("/v1/store/secrets?action=list", "{}");
    assertThat(all.has("next")).isFalse();
    assertThat(all.get("keys").toString()).contains("\"pgx\"");
    assertRefused("/v1/store/secrets?action=list", "{\"limit\":5000}", 400, "limit must be");
  }
}
