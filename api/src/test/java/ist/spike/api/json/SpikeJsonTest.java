package ist.spike.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.api.ErrorCode;
import ist.spike.api.FallbackResponse;
import ist.spike.api.cipher.CipherEncryptRequest;
import ist.spike.api.cipher.CipherEncryptResponse;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RestoreResponse;
import ist.spike.api.policy.PolicyListItem;
import ist.spike.api.policy.PolicyListResponse;
import ist.spike.api.policy.PolicyReadResponse;
import ist.spike.api.secret.SecretDeleteRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.api.secret.SecretMetadata;
import ist.spike.api.secret.SecretMetadataResponse;
import ist.spike.api.secret.SecretPutRequest;
import ist.spike.api.secret.SecretVersionInfo;
import ist.spike.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values built in Java (not decoded) must serialize to Go's exact bytes. */
class SpikeJsonTest {
  private static final SpikeJson JSON = SpikeJson.create();

  private static String goJson(String type, String kase) {
    for (JsonNode c : Vectors.json("spike-wire.json").get("sdk_marshal")) {
      if (c.get("type").asText().equals(type) && c.get("case").asText().equals(kase)) {
        return c.get("json").asText();
      }
    }
    throw new AssertionError("no vector " + type + "/" + kase);
  }

  private static byte[] seq(int start, int step) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (start + step * i);
    }
    return b;
  }

  private static OffsetDateTime utc(String s) {
    return OffsetDateTime.parse(s);
  }

  @Test
  void encode_secretPut_sortsKeysLikeGo() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("username", "admin");
    values.put("password", "s3cr3t");
    assertThat(JSON.encodeToString(SecretPutRequest.of("secrets/db/creds", values)))
        .isEqualTo(goJson("SecretPutRequest", "two_values"));
    assertThat(JSON.encodeToString(SecretPutRequest.of("a/b", null)))
        .isEqualTo(goJson("SecretPutRequest", "nil_values_map"));
  }

  @Test
  void encode_secretGetError_isZeroValuePlusErr() {
    assertThat(JSON.encodeToString(SecretGetResponse.error(ErrorCode.NOT_FOUND)))
        .isEqualTo("{\"data\":null,\"err\":\"api_not_found\"}");
  }

  @Test
  void encode_deleteRequest_emptyVersusNilList() {
    assertThat(JSON.encodeToString(SecretDeleteRequest.of("a/b", List.of())))
        .isEqualTo(goJson("SecretDeleteRequest", "empty_versions"));
    assertThat(JSON.encodeToString(SecretDeleteRequest.of("a/b", null)))
        .isEqualTo(goJson("SecretDeleteRequest", "nil_versions"));
  }

  @Test
  void encode_metadata_timesAndStringSortedIntKeys() {
    Map<Integer, SecretVersionInfo> versions = new LinkedHashMap<>();
    versions.put(2, SecretVersionInfo.of(utc("2025-01-02T03:04:05Z"), 2, null));
    versions.put(
        9,
        SecretVersionInfo.of(utc("2025-01-02T03:05:06.5Z"), 9, utc("2025-01-03T00:00:00.000001Z")));
    versions.put(10, SecretVersionInfo.of(utc("2025-01-02T03:06:07.123456789Z"), 10, null));
    String json =
        JSON.encodeToString(
            SecretMetadataResponse.success(
                versions,
                new SecretMetadata(
                    10,
                    2,
                    utc("2025-01-02T03:04:05Z"),
                    utc("2025-01-02T03:06:07.123456789Z"),
                    10)));
    assertThat(json).isEqualTo(goJson("SecretMetadataResponse", "versions_2_9_10_key_order"));
  }

  @Test
  void encode_metadata_fixedOffsetKept() {
    ZoneOffset plus2 = ZoneOffset.ofHours(2);
    OffsetDateTime created = OffsetDateTime.of(2025, 6, 1, 14, 0, 0, 0, plus2);
    OffsetDateTime deleted = OffsetDateTime.of(2025, 6, 1, 14, 0, 1, 250_000_000, plus2);
    String json =
        JSON.encodeToString(
            SecretMetadataResponse.success(
                Map.of(1, SecretVersionInfo.of(created, 1, deleted)),
                new SecretMetadata(0, 0, created, deleted, 10)));
    assertThat(json).isEqualTo(goJson("SecretMetadataResponse", "all_deleted_fixed_offset_plus2"));
  }

  @Test
  void encode_metadataError_zeroBlock() {
    assertThat(JSON.encodeToString(SecretMetadataResponse.error(ErrorCode.NOT_FOUND)))
        .isEqualTo(goJson("SecretMetadataResponse", "helper_NotFound"));
  }

  @Test
  void encode_policyRead_usesResponseSpelling() {
    PolicyReadResponse r =
        PolicyReadResponse.success(
            "db-readers",
            "^spiffe://spike\\.ist/workload/db-.*$",
            "^secrets/db/.*$",
            List.of("read", "list"),
            utc("2025-02-03T04:05:06Z"),
            utc("2025-02-04T05:06:07.89Z"));
    assertThat(JSON.encodeToString(r))
        .isEqualTo(goJson("PolicyReadResponse", "success_full_policy"));
  }

  @Test
  void encode_policyList_items() {
    PolicyListResponse r =
        PolicyListResponse.success(
            List.of(new PolicyListItem("", "admins"), new PolicyListItem("", "db-readers")));
    assertThat(JSON.encodeToString(r)).isEqualTo(goJson("PolicyListResponse", "two_items"));
  }

  @Test
  void encode_cipher_base64() {
    assertThat(
            JSON.encodeToString(CipherEncryptRequest.of("hello".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(goJson("CipherEncryptRequest", "hello_no_algorithm"));
    byte[] nonce = new byte[12];
    for (int i = 0; i < 12; i++) {
      nonce[i] = (byte) i;
    }
    assertThat(
            JSON.encodeToString(
                CipherEncryptResponse.success(
                    1, nonce, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef})))
        .isEqualTo(goJson("CipherEncryptResponse", "success"));
  }

  @Test
  void encode_recover_mapKeysSortedAsStrings() {
    Map<Integer, byte[]> shards = new LinkedHashMap<>();
    shards.put(1, seq(1, 7));
    shards.put(2, seq(2, 7));
    shards.put(10, seq(10, 7));
    try (RecoverResponse r = RecoverResponse.success(shards)) {
      assertThat(JSON.encodeToString(r)).isEqualTo(goJson("RecoverResponse", "three_shards"));
    }
    Map<Integer, byte[]> nilEntry = new LinkedHashMap<>();
    nilEntry.put(1, null);
    assertThat(JSON.encodeToString(new RecoverResponse(nilEntry, "")))
        .isEqualTo(goJson("RecoverResponse", "nil_entry"));
  }

  @Test
  void encode_keeperShard_capitalErrAlwaysPresent() {
    try (ShardGetResponse r = ShardGetResponse.success(seq(0xf0, 7))) {
      assertThat(JSON.encodeToString(r)).isEqualTo(goJson("ShardGetResponse", "success_shard"));
    }
    assertThat(JSON.encodeToString(ShardGetResponse.error(ErrorCode.BAD_REQUEST)))
        .isEqualTo("{\"shard\":null,\"Err\":\"api_bad_request\"}");
  }

  @Test
  void shardPut_extensions_roundTripAndAreOmittedWhenAbsent() throws Exception {
    String c0 = "02" + "ab".repeat(32);
    try (ShardPutRequest r = ShardPutRequest.of(seq(1, 1), 3, List.of(c0))) {
      String wire = JSON.encodeToString(r);
      assertThat(wire).endsWith(",\"index\":3,\"commitments\":[\"" + c0 + "\"]}");
      try (ShardPutRequest back =
          JSON.decode(
              wire.getBytes(java.nio.charset.StandardCharsets.UTF_8), ShardPutRequest.class)) {
        assertThat(back.index()).isEqualTo(3);
        assertThat(back.commitments()).containsExactly(c0);
        assertThat(back.shard()).isEqualTo(r.shard());
      }
    }
    try (ShardPutRequest spike = ShardPutRequest.of(seq(1, 1))) {
      assertThat(JSON.encodeToString(spike)).doesNotContain("index").doesNotContain("commitments");
    }
    try (ShardGetResponse r = ShardGetResponse.success(seq(1, 1), 2)) {
      assertThat(JSON.encodeToString(r)).endsWith(",\"Err\":\"\",\"index\":2}");
    }
  }

  @Test
  void encode_restoreAndFallback() {
    assertThat(JSON.encodeToString(RestoreResponse.success(1, 1, false)))
        .isEqualTo(goJson("RestoreResponse", "one_of_two"));
    assertThat(JSON.encodeToString(FallbackResponse.error(ErrorCode.NOT_READY)))
        .isEqualTo("{\"err\":\"state_not_ready\"}");
  }

  @Test
  void decode_goCaseFolding_appliesToFieldNamesNotMapKeys() throws Exception {
    SecretPutRequest r =
        JSON.decode("{\"PATH\":\"a\",\"value\u017f\":{\"\u017f\":\"v\"}}", SecretPutRequest.class);
    assertThat(r.path()).isEqualTo("a");
    assertThat(r.values()).containsExactly(Map.entry("\u017f", "v"));
    SecretMetadataResponse m =
        JSON.decode(
            "{\"metadata\":{\"currentVer\u017fion\":3},\"versions\":{\"1\":{\"ver\u017fion\":1}}}",
            SecretMetadataResponse.class);
    assertThat(m.metadata().currentVersion()).isEqualTo(3);
    assertThat(m.versions().get(1).version()).isEqualTo(1);
  }

  @Test
  void decode_nullListItem_becomesZeroItemLikeGo() throws Exception {
    PolicyListResponse r = JSON.decode("{\"policies\":[null]}", PolicyListResponse.class);
    assertThat(JSON.encodeToString(r)).isEqualTo("{\"policies\":[{\"id\":\"\",\"name\":\"\"}]}");
  }

  @Test
  void decode_deepNesting_refusedByLimit() {
    String deep = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThatThrownBy(() -> JSON.decode(deep, SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void decode_longString_refusedByLimit() {
    SpikeJson small = SpikeJson.create(new SpikeJson.Limits(1 << 20, 1000, 64, 32, 64));
    assertThatThrownBy(
            () ->
                small.decode("{\"path\":\"" + "a".repeat(100_000) + "\"}", SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void decode_longNumber_refusedByLimit() {
    assertThatThrownBy(
            () ->
                JSON.decode(
                    "{\"path\":\"a\",\"version\":" + "1".repeat(200) + "}",
                    ist.spike.api.secret.SecretGetRequest.class))
        .isInstanceOf(MalformedBodyException.class);
  }

  @Test
  void decode_largeDocument_refusedByLimit() {
    SpikeJson small = SpikeJson.create(new SpikeJson.Limits(64, 1 << 20, 64, 32, 64));
    String body = "{\"path\":\"a\",\"values\":{\"k\":\"" + "v".repeat(200) + "\"}}";
    assertThatThrownBy(() -> small.decode(body, SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void decode_errorMessage_neverEchoesInput() {
    String[] bodies = {
      "{\"path\":\"a\",\"values\":{\"k\":SUPERSECRETVALUE}}",
      "{\"path\":\"a\",\"values\":{\"k\":1234567898765}}",
      "SUPERSECRETVALUE",
      "{\"path\":\"a\",\"values\":{\"k\":\"SUPERSECRETVALUE\"}} SUPERSECRETVALUE",
      "{\"path\":[\"SUPERSECRETVALUE\"]}",
    };
    for (String body : bodies) {
      assertThatThrownBy(() -> JSON.decode(body, SecretPutRequest.class))
          .isInstanceOf(MalformedBodyException.class)
          .satisfies(
              e -> {
                assertThat(e.getMessage()).doesNotContain("SUPERSECRET");
                assertThat(e.getMessage()).doesNotContain("1234567898765");
              });
    }
  }

  @Test
  void decode_wrongFieldType_namesTheField() {
    assertThatThrownBy(() -> JSON.decode("{\"path\":123}", SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("'path'")
        .hasMessageContaining("SecretPutRequest");
  }

  @Test
  void decode_emptyBody_saysSo() {
    assertThatThrownBy(() -> JSON.decode(new byte[0], SecretPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void decode_shardElementOutOfRange_refused() {
    assertThatThrownBy(
            () -> JSON.decode("{\"shard\":[1,2,300]}", ist.spike.api.keeper.ShardPutRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("'shard'");
  }
}
