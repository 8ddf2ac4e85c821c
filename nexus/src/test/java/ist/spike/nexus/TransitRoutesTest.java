package ist.spike.nexus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ist.spike.api.transit.TransitItemResult;
import ist.spike.api.transit.TransitKeyInfo;
import ist.spike.client.SpikeClient;
import ist.spike.client.SpikeConflictException;
import ist.spike.client.Transit;
import ist.spike.client.error.SpikeBadRequestException;
import ist.spike.client.error.SpikeNotFoundException;
import ist.spike.identity.SpikeRole;
import ist.spike.nexus.store.BackendKind;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transit routes over real mTLS against a SQLite-backed Nexus, as the superuser: key lifecycle,
 * rotation with old ciphertexts still readable, rewrap, the minimum decryption version, batches
 * with per-item errors, and hostile input that answers 4xx and changes nothing.
 */
final class TransitRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir static Path dir;
  static NexusHarness nexus;
  static HttpClient su;

  @BeforeAll
  static void start() {
    nexus = new NexusHarness(dir, BackendKind.SQLITE);
    su = nexus.http(nexus.td.idOf(SpikeRole.PILOT_SUPERUSER));
  }

  @AfterAll
  static void stop() {
    nexus.close();
  }

  static String fresh() {
    return "key-" + COUNTER.incrementAndGet();
  }

  static HttpResponse<byte[]> call(String target, Object body) throws Exception {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return NexusHarness.postJson(su, nexus.uri(), target, json);
  }

  static JsonNode ok(String target, Object body) throws Exception {
    HttpResponse<byte[]> r = call(target, body);
    assertThat(r.statusCode()).as("%s %s", target, new String(r.body())).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static JsonNode refused(String target, Object body, int status) throws Exception {
    HttpResponse<byte[]> r = call(target, body);
    assertThat(r.statusCode()).as("%s %s", target, new String(r.body())).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  static ObjectNode named(String name) {
    return JSON.createObjectNode().put("name", name);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String encrypt(String key, String plain) throws Exception {
    return ok("/v1/transit/encrypt", named(key).put("plaintext", b64(plain)))
        .get("ciphertext")
        .asText();
  }

  static String decrypt(String key, String ciphertext) throws Exception {
    JsonNode r = ok("/v1/transit/decrypt", named(key).put("ciphertext", ciphertext));
    return new String(
        Base64.getDecoder().decode(r.get("plaintext").asText()), StandardCharsets.UTF_8);
  }

  static String create(String name) throws Exception {
    ok("/v1/transit/keys", named(name));
    return name;
  }

  @Test
  void create_get_list_describeKeyWithoutKeyBytes() throws Exception {
    String k = fresh();
    JsonNode created = ok("/v1/transit/keys", named(k).put("type", "aes256-gcm"));
    JsonNode info = ok("/v1/transit/keys?action=get", named(k)).get("key");
    assertThat(created.get("key")).isEqualTo(info);
    assertThat(info.get("name").asText()).isEqualTo(k);
    assertThat(info.get("type").asText()).isEqualTo("aes256-gcm");
    assertThat(info.get("latestVersion").asInt()).isEqualTo(1);
    assertThat(info.get("minDecryptionVersion").asInt()).isEqualTo(1);
    assertThat(info.get("deletionAllowed").asBoolean()).isFalse();
    assertThat(info.get("versions")).hasSize(1);
    // only the documented fields: nothing that could carry key material
    assertThat(info.fieldNames())
        .toIterable()
        .containsExactly(
            "name",
            "type",
            "latestVersion",
            "minDecryptionVersion",
            "deletionAllowed",
            "versions",
            "createdTime",
            "updatedTime");
    assertThat(info.get("versions").get(0).fieldNames())
        .toIterable()
        .containsExactly("version", "createdTime");
    assertThat(ok("/v1/transit/keys?action=list", "{}").get("names").toString()).contains(k);
  }

  @Test
  void encryptDecrypt_roundTrip_ciphertextNamesVersionNotKey() throws Exception {
    String k = create(fresh());
    String ct = encrypt(k, "hello transit");
    assertThat(ct).startsWith("spike:v1:").doesNotContain(k);
    assertThat(decrypt(k, ct)).isEqualTo("hello transit");
    // another key cannot open it (the name is bound as associated data)
    String other = create(fresh());
    JsonNode r = refused("/v1/transit/decrypt", named(other).put("ciphertext", ct), 400);
    assertThat(r.get("message").asText()).isEqualTo("decryption failed");
  }

  @Test
  void rotate_newVersionEncrypts_oldCiphertextsStillDecrypt_rewrapMovesToLatest() throws Exception {
    String k = create(fresh());
    String v1 = encrypt(k, "first");
    JsonNode rotated = ok("/v1/transit/keys?action=rotate", named(k)).get("key");
    assertThat(rotated.get("latestVersion").asInt()).isEqualTo(2);
    assertThat(rotated.get("versions")).hasSize(2);
    ok("/v1/transit/keys?action=rotate", named(k));
    String v3 = encrypt(k, "third");
    assertThat(v3).startsWith("spike:v3:");
    assertThat(decrypt(k, v1)).isEqualTo("first");
    JsonNode rewrapped = ok("/v1/transit/rewrap", named(k).put("ciphertext", v1));
    assertThat(rewrapped.has("plaintext")).as("rewrap never returns plaintext").isFalse();
    String moved = rewrapped.get("ciphertext").asText();
    assertThat(moved).startsWith("spike:v3:");
    assertThat(decrypt(k, moved)).isEqualTo("first");
  }

  @Test
  void minDecryptionVersion_olderCiphertextRefusedWithClearError_rewrappedOneReadable()
      throws Exception {
    String k = create(fresh());
    String v1 = encrypt(k, "old");
    ok("/v1/transit/keys?action=rotate", named(k));
    String v2 = ok("/v1/transit/rewrap", named(k).put("ciphertext", v1)).get("ciphertext").asText();
    JsonNode cfg =
        ok("/v1/transit/keys?action=config", named(k).put("minDecryptionVersion", 2)).get("key");
    assertThat(cfg.get("minDecryptionVersion").asInt()).isEqualTo(2);
    JsonNode r = refused("/v1/transit/decrypt", named(k).put("ciphertext", v1), 400);
    assertThat(r.get("err").asText()).isEqualTo("api_bad_request");
    assertThat(r.get("message").asText())
        .isEqualTo(
            "ciphertext is from key version 1 but the minimum decryption version is 2;"
                + " lower minDecryptionVersion to read it");
    refused("/v1/transit/rewrap", named(k).put("ciphertext", v1), 400);
    assertThat(decrypt(k, v2)).isEqualTo("old");
    // out of range: refused, nothing changes
    JsonNode bad =
        refused("/v1/transit/keys?action=config", named(k).put("minDecryptionVersion", 3), 400);
    assertThat(bad.get("message").asText()).contains("between 1 and the latest version 2; got 3");
    refused("/v1/transit/keys?action=config", named(k).put("minDecryptionVersion", 0), 400);
    assertThat(
            ok("/v1/transit/keys?action=get", named(k))
                .get("key")
                .get("minDecryptionVersion")
                .asInt())
        .isEqualTo(2);
    // lowering it again makes the old ciphertext readable
    ok("/v1/transit/keys?action=config", named(k).put("minDecryptionVersion", 1));
    assertThat(decrypt(k, v1)).isEqualTo("old");
  }

  @Test
  void batch_badItems_reportedPerItem_othersSucceed() throws Exception {
    String k = create(fresh());
    ObjectNode enc = named(k);
    ArrayNode items = enc.putArray("batch");
    items.addObject().put("plaintext", b64("a"));
    items.addObject().put("plaintext", "not base64!");
    items.addObject().put("plaintext", b64("c"));
    JsonNode out = ok("/v1/transit/encrypt", enc).get("batch");
    assertThat(out).hasSize(3);
    assertThat(out.get(0).get("ciphertext").asText()).startsWith("spike:v1:");
    assertThat(out.get(1).get("err").asText()).isEqualTo("api_bad_request");
    assertThat(out.get(1).get("message").asText()).contains("base64");
    assertThat(out.get(1).has("ciphertext")).isFalse();
    assertThat(out.get(2).get("ciphertext").asText()).startsWith("spike:v1:");

    String good = out.get(0).get("ciphertext").asText();
    String c = out.get(2).get("ciphertext").asText();
    byte[] raw = Base64.getDecoder().decode(good.substring("spike:v1:".length()));
    raw[raw.length - 1] ^= 1;
    String tampered = "spike:v1:" + Base64.getEncoder().encodeToString(raw);
    ObjectNode dec = named(k);
    ArrayNode in = dec.putArray("batch");
    in.addObject().put("ciphertext", good);
    in.addObject().put("ciphertext", tampered);
    in.addObject().put("ciphertext", "spike:v7:" + good.substring("spike:v1:".length()));
    in.addObject().put("ciphertext", "garbage");
    in.addObject().put("ciphertext", c);
    JsonNode res = ok("/v1/transit/decrypt", dec).get("batch");
    assertThat(res).hasSize(5);
    assertThat(new String(Base64.getDecoder().decode(res.get(0).get("plaintext").asText())))
        .isEqualTo("a");
    assertThat(res.get(1).get("message").asText()).isEqualTo("decryption failed");
    assertThat(res.get(2).get("message").asText())
        .isEqualTo(
            "ciphertext names key version 7, which this key does not have; its latest version is 1");
    assertThat(res.get(3).get("message").asText()).contains("spike:v<version>:<base64>");
    assertThat(new String(Base64.getDecoder().decode(res.get(4).get("plaintext").asText())))
        .isEqualTo("c");

    ok("/v1/transit/keys?action=rotate", named(k));
    ObjectNode wrap = named(k);
    wrap.putArray("batch")
        .add(JSON.createObjectNode().put("ciphertext", good))
        .add(JSON.createObjectNode().put("ciphertext", tampered));
    JsonNode wrapped = ok("/v1/transit/rewrap", wrap).get("batch");
    assertThat(wrapped.get(0).get("ciphertext").asText()).startsWith("spike:v2:");
    assertThat(wrapped.get(0).has("plaintext")).isFalse();
    assertThat(wrapped.get(1).get("err").asText()).isEqualTo("api_bad_request");
  }

  @Test
  void hostileInput_answers4xx_changesNothing() throws Exception {
    String k = create(fresh());
    String ct = encrypt(k, "keep");
    JsonNode before = ok("/v1/transit/keys?action=get", named(k));

    ObjectNode huge = named(k);
    ArrayNode items = huge.putArray("batch");
    for (int i = 0; i < 1001; i++) {
      items.addObject().put("plaintext", "");
    }
    assertThat(refused("/v1/transit/encrypt", huge, 400).get("message").asText())
        .isEqualTo("batch must hold 1 to 1000 items; got 1001");
    named(k).putArray("batch");
    refused("/v1/transit/encrypt", named(k).set("batch", JSON.createArrayNode()), 400);
    assertThat(
            refused("/v1/transit/encrypt", named(k).put("plaintext", "%%%"), 400)
                .get("message")
                .asText())
        .contains("base64");
    assertThat(
            refused("/v1/transit/decrypt", named("no-such-key").put("ciphertext", ct), 404)
                .get("err")
                .asText())
        .isEqualTo("api_not_found");
    refused("/v1/transit/keys?action=rotate", named("no-such-key"), 404);
    assertThat(
            refused("/v1/transit/decrypt", named(k).put("ciphertext", ct.replace("v1", "v2")), 400)
                .get("message")
                .asText())
        .contains("does not have");
    assertThat(refused("/v1/transit/keys", named("bad/name"), 400).get("message").asText())
        .isEqualTo("name may contain only letters, digits, '_' and '-'");
    refused("/v1/transit/keys", named("x".repeat(129)), 400);
    refused("/v1/transit/keys", named(fresh()).put("type", "rsa-2048"), 400);
    assertThat(refused("/v1/transit/keys", named(k), 409).get("err").asText())
        .isEqualTo("api_conflict");
    refused("/v1/transit/keys?action=config", named(k), 400);
    // a body beyond the route's limit is refused before it is parsed
    String big = "{\"name\":\"" + k + "\",\"plaintext\":\"" + "A".repeat(2 << 20) + "\"}";
    assertThat(call("/v1/transit/encrypt", big).statusCode()).isEqualTo(413);
    // a plaintext above the cipher size limit
    String tooLarge = Base64.getEncoder().encodeToString(new byte[65537]);
    assertThat(
            refused("/v1/transit/encrypt", named(k).put("plaintext", tooLarge), 400)
                .get("message")
                .asText())
        .contains("SPIKE_NEXUS_CRYPTO_MAX_CIPHERTEXT_SIZE");

    assertThat(ok("/v1/transit/keys?action=get", named(k))).isEqualTo(before);
    assertThat(decrypt(k, ct)).isEqualTo("keep");
  }

  @Test
  void delete_onlyWhenAllowed_thenGoneAndNameReusable() throws Exception {
    String k = create(fresh());
    String ct = encrypt(k, "bye");
    assertThat(refused("/v1/transit/keys?action=delete", named(k), 400).get("message").asText())
        .contains("deletionAllowed");
    assertThat(decrypt(k, ct)).isEqualTo("bye");
    ok("/v1/transit/keys?action=config", named(k).put("deletionAllowed", true));
    ok("/v1/transit/keys?action=delete", named(k));
    refused("/v1/transit/keys?action=get", named(k), 404);
    refused("/v1/transit/decrypt", named(k).put("ciphertext", ct), 404);
    assertThat(ok("/v1/transit/keys?action=list", "{}").get("names").toString())
        .doesNotContain("\"" + k + "\"");
    // a new key under the same name is a new key: the old ciphertext stays unreadable
    create(k);
    assertThat(
            refused("/v1/transit/decrypt", named(k).put("ciphertext", ct), 400)
                .get("message")
                .asText())
        .isEqualTo("decryption failed");
    // created with deletionAllowed, a key can go at once
    String d = fresh();
    ok("/v1/transit/keys", named(d).put("deletionAllowed", true));
    ok("/v1/transit/keys?action=delete", named(d));
  }

  @Test
  void secretRoutes_neverReachTransitRecords() throws Exception {
    String k = create(fresh());
    String internal = "~spike/transit/" + k;
    JsonNode r =
        refused("/v1/store/secrets?action=get", JSON.createObjectNode().put("path", internal), 400);
    assertThat(r.get("err").asText()).isEqualTo("api_bad_request");
    refused(
        "/v1/store/secrets", "{\"path\":\"" + internal + "\",\"values\":{\"type\":\"x\"}}", 400);
    refused(
        "/v1/store/secrets?action=destroy",
        "{\"path\":\"" + internal + "\",\"versions\":[1]}",
        400);
    ok("/v1/store/secrets", "{\"path\":\"zz/last\",\"values\":{\"a\":\"b\"}}");
    JsonNode all = ok("/v1/store/secrets?action=list", "{}");
    assertThat(all.toString()).doesNotContain("~spike").contains("zz/last");
    JsonNode paged = ok("/v1/store/secrets?action=list", "{\"prefix\":\"\",\"limit\":1000}");
    assertThat(paged.toString()).doesNotContain("~spike");
    assertThat(decrypt(k, encrypt(k, "still here"))).isEqualTo("still here");
  }

  @Test
  void sdk_everyMethod_againstRealNexus() throws Exception {
    try (SpikeClient client = nexus.client(SpikeRole.PILOT_SUPERUSER)) {
      Transit t = client.transit();
      String k = fresh();
      TransitKeyInfo created = t.createKey(k, false);
      assertThat(created.latestVersion()).isEqualTo(1);
      assertThatThrownBy(() -> t.createKey(k, false)).isInstanceOf(SpikeConflictException.class);
      assertThat(t.listKeys()).contains(k);
      assertThat(t.key("missing-key")).isEmpty();
      String v1 = t.encrypt(k, "sdk".getBytes(StandardCharsets.UTF_8));
      assertThat(t.decrypt(k, v1)).asString(StandardCharsets.UTF_8).isEqualTo("sdk");
      assertThat(t.rotateKey(k).latestVersion()).isEqualTo(2);
      String v2 = t.rewrap(k, v1);
      assertThat(v2).startsWith("spike:v2:");
      assertThat(t.configureKey(k, 2, null).minDecryptionVersion()).isEqualTo(2);
      assertThatThrownBy(() -> t.decrypt(k, v1))
          .isInstanceOf(SpikeBadRequestException.class)
          .hasMessageContaining("minimum decryption version is 2");
      List<TransitItemResult> enc = t.encryptBatch(k, List.of(new byte[] {1}, new byte[] {2}));
      assertThat(enc).allMatch(r -> r.ciphertext().startsWith("spike:v2:"));
      List<TransitItemResult> dec = t.decryptBatch(k, List.of(enc.get(0).ciphertext(), v1));
      assertThat(dec.get(0).plaintext()).isEqualTo("AQ==");
      assertThat(dec.get(1).failed()).isTrue();
      assertThat(t.rewrapBatch(k, List.of(v2)).get(0).ciphertext()).startsWith("spike:v2:");
      assertThatThrownBy(() -> t.deleteKey(k)).isInstanceOf(SpikeBadRequestException.class);
      t.configureKey(k, null, true);
      t.deleteKey(k);
      assertThat(t.key(k)).isEmpty();
      assertThatThrownBy(() -> t.encrypt(k, new byte[1]))
          .isInstanceOf(SpikeNotFoundException.class);
    }
  }

  @Test
  void logs_afterTransitTrafficAndFailures_holdNoPlaintextOrCiphertext() throws Exception {
    String marker = "transit-hygiene-marker-5f1c";
    String k = create(fresh());
    String ct = encrypt(k, marker);
    assertThat(decrypt(k, ct)).isEqualTo(marker);
    ok("/v1/transit/rewrap", named(k).put("ciphertext", ct));
    refused("/v1/transit/encrypt", named(k).put("plaintext", marker + "!"), 400);
    refused("/v1/transit/decrypt", named(k).put("ciphertext", ct + "x"), 400);
    refused("/v1/transit/decrypt", named("missing").put("ciphertext", ct), 404);
    String payload = ct.substring(ct.lastIndexOf(':') + 1);
    for (String line : nexus.logLines()) {
      assertThat(line).doesNotContain(marker).doesNotContain(b64(marker)).doesNotContain(payload);
    }
  }
}
