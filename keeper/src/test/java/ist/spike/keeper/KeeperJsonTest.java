package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.api.ErrorCode;
import ist.spike.api.keeper.ShardGetRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.keeper.ShardPutResponse;
import ist.spike.server.BadRequestException;
import ist.spike.server.ErrorBody;
import ist.spike.server.JsonCodec;
import ist.spike.server.ServerConfig;
import ist.spike.server.internal.JsonSupport;
import ist.spike.testkit.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Keeper's streaming codec against the server's databind codec with SPIKE's wire mapper, which
 * it replaces in a Keeper (ADR 0216): the same value or the same message for every body, and the
 * same bytes for every answer.
 */
class KeeperJsonTest {
  private static final ServerConfig.JsonLimits SMALL = new ServerConfig.JsonLimits(4, 80, 8, 16);
  private final JsonCodec keeper = new KeeperJson(ServerConfig.JsonLimits.DEFAULT);
  private final JsonCodec databind = new JsonSupport(null, ServerConfig.JsonLimits.DEFAULT);

  static final String SHARD32 =
      IntStream.range(0, 32).mapToObj(i -> "" + (i * 7 + 1)).collect(Collectors.joining(","));

  static List<String> vectorBodies() {
    List<String> bodies = new ArrayList<>();
    for (JsonNode v : Vectors.json("spike-wire.json").get("sdk_decode")) {
      String type = v.get("type").asText();
      if (type.equals("ShardPutRequest") || type.equals("ShardGetRequest")) {
        bodies.add(v.get("input").asText());
      }
    }
    return bodies;
  }

  static List<String> bodies() {
    return List.of(
        "{\"shard\":[" + SHARD32 + "]}",
        "{\"shard\":[" + SHARD32 + "],\"index\":3,\"commitments\":[\"02ab\",\"03cd\"]}",
        "{\"SHARD\":[1,2],\"Index\":7,\"COMMITMENTS\":null,\"ERR\":\"x\"}",
        "{\"\u017fhard\":[5],\"\u212aey\":1,\"commitment\u017f\":[\"a\"]}",
        "{\"ındex\":4,\"shard\":[1]}",
        "{\"shard\":[1],\"shard\":[2,3]}",
        "{\"shard\":null,\"err\":null,\"index\":null,\"commitments\":null}",
        "{\"commitments\":[null,\"a\"]}",
        "{\"commitments\":[\"a\",1]}",
        "{\"commitments\":\"a\"}",
        "{\"commitments\":[[\"a\"]]}",
        "{\"commitments\":{}}",
        "{\"err\":5}",
        "{\"err\":\"\\ud800x\"}",
        "{\"err\":[\"a\"]}",
        "{\"index\":\"1\"}",
        "{\"index\":1.0}",
        "{\"index\":1e2}",
        "{\"index\":true}",
        "{\"index\":[1]}",
        "{\"index\":2147483648}",
        "{\"index\":-2147483648}",
        "{\"index\":99999999999999999999}",
        "{\"shard\":\"AQID\"}",
        "{\"shard\":{}}",
        "{\"shard\":[1,\"2\"]}",
        "{\"shard\":[1,null]}",
        "{\"shard\":[1,[2]]}",
        "{\"shard\":[256]}",
        "{\"shard\":[-1]}",
        "{\"shard\":[1.0]}",
        "{\"shard\":[3000000000]}",
        "{\"shard\":[" + "1,".repeat(64) + "1]}",
        "{\"shard\":[" + "1,".repeat(63) + "1]}",
        "{\"unknown\":{\"a\":[1,{\"b\":null}]},\"shard\":[9]}",
        "{\"unknown\":[1,}",
        "null",
        " null ",
        "null x",
        "null null",
        "[]",
        "[1]",
        "5",
        "\"x\"",
        "true",
        "{}",
        "{} ",
        "{}{}",
        "{} x",
        "{}]",
        "{",
        "{\"shard\":[1,2",
        "{\"shard\":[1,}",
        "{\"shard\":[1],}",
        "{\"commitments\":[\"a\",}",
        "{\"commitments\":[\"a\"",
        "{\"index\":1",
        "{\"index\":-}",
        "{\"err\":\"a",
        "{\"err\":\"\\x\"}",
        "{\"x\":\"\\x\"}",
        "{\"shard\":[1]} {\"shard\":[2]}",
        "{\"shard\"}",
        "{'shard':[1]}",
        "{\"shard\":[01]}",
        "{\"shard\":[+1]}",
        "{\"shard\":[NaN]}",
        "{\"a\":1,}",
        "\n{\n\"shard\":\n[1,x]}",
        "\ufeff{}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        "{\"" + "n".repeat(2000) + "\":1}",
        "{\"a\":" + "1".repeat(100) + "}",
        "{\"a\":\"\u2028<&>\u00e9\ud83d\ude00\"}");
  }

  @Test
  void readsEveryBodyAsTheDatabindCodecDoes() {
    assertSameReading(bodies());
  }

  @Test
  void readsTheGoDecodingVectorsAsTheDatabindCodecDoes() {
    assertSameReading(vectorBodies());
  }

  private void assertSameReading(List<String> bodies) {
    for (Class<?> type : List.of(ShardPutRequest.class, ShardGetRequest.class)) {
      for (String body : bodies) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(keeper, bytes, type))
            .as("%s <- %s", type.getSimpleName(), body)
            .isEqualTo(outcome(databind, bytes, type));
      }
    }
  }

  @Test
  void refusesWhatTheDatabindCodecRefuses_bytesAndLimits() {
    byte[][] raw = {
      {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
      {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
      {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
      {},
      {' ', '\n', '\t'},
    };
    for (byte[] body : raw) {
      assertThat(outcome(keeper, body, ShardPutRequest.class))
          .as(HexFormat.of().formatHex(body))
          .startsWith("refused: ")
          .isEqualTo(outcome(databind, body, ShardPutRequest.class));
    }
    JsonCodec small = new KeeperJson(SMALL);
    JsonCodec smallDatabind = new JsonSupport(null, SMALL);
    for (String body :
        List.of(
            "{\"a\":[[[[1]]]]}",
            "{\"commitments\":[\"" + "a".repeat(100) + "\"]}",
            "{\"index\":123456789}",
            "{\"" + "n".repeat(20) + "\":1}",
            "{\"shard\":[1],\"a\":[[[[{}]]]]}")) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertThat(outcome(small, bytes, ShardPutRequest.class))
          .as(body)
          .contains("exceeds a limit")
          .isEqualTo(outcome(smallDatabind, bytes, ShardPutRequest.class));
    }
  }

  @Test
  void writesTheSameBytesAsTheDatabindCodec() throws Exception {
    byte[] shard = new byte[32];
    Arrays.fill(shard, (byte) 0xf3);
    byte[] everyWidth = new byte[32]; // one, two and three digits: 0, 8, …, 248
    for (int i = 0; i < everyWidth.length; i++) {
      everyWidth[i] = (byte) (i * 8);
    }
    List<Object> values =
        List.of(
            ShardGetResponse.success(everyWidth, 12),
            ShardPutResponse.success(),
            ShardPutResponse.error(ErrorCode.BAD_REQUEST),
            ShardGetResponse.success(shard),
            ShardGetResponse.success(shard, 7),
            ShardGetResponse.success(new byte[3], 1),
            ShardGetResponse.success(new byte[40]),
            ShardGetResponse.error(ErrorCode.UNAUTHORIZED),
            ErrorBody.BARE.forCode(ErrorCode.NOT_READY),
            Map.of("status", "alive"));
    for (Object value : values) {
      assertThat(new String(keeper.write(value), StandardCharsets.UTF_8))
          .as(value.toString())
          .isEqualTo(new String(databind.write(value), StandardCharsets.UTF_8));
      for (String message :
          new String[] {
            null, "plain", "<b>&\"quoted\"\\ \u2028\u2029 \u00e9 \ud83d\ude00 \u0007"
          }) {
        assertThat(keeper.writeError(value, message))
            .as("%s + %s", value, message)
            .isEqualTo(databind.writeError(value, message));
      }
    }
  }

  @Test
  void leavesNoShardDigitsInJacksonsRecycledBuffers() throws Exception {
    KeeperJson codec = new KeeperJson(ServerConfig.JsonLimits.DEFAULT);
    byte[] shard = new byte[32];
    for (int i = 0; i < shard.length; i++) {
      shard[i] = (byte) (201 + i);
    }
    String digits = "201,202,203,204,205";
    byte[] answer = codec.writeError(ShardGetResponse.success(shard, 9), "m");
    assertThat(new String(answer, StandardCharsets.US_ASCII)).contains("[" + digits);
    assertThat(answer).isEqualTo(databind.writeError(ShardGetResponse.success(shard, 9), "m"));
    RecyclerPool<BufferRecycler> pool = codec.factory()._getRecyclerPool();
    BufferRecycler recycler = pool.acquirePooled();
    try {
      // the generator's buffers as the next answer would get them
      for (int i = 0; i < 4; i++) {
        byte[] bytes = recycler.allocByteBuffer(i);
        char[] chars = recycler.allocCharBuffer(i);
        // a boolean, so that a failure does not print the buffer
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1).contains(digits))
            .as("the shard's digits in Jackson's recycled byte buffer %d", i)
            .isFalse();
        assertThat(new String(chars).contains(digits))
            .as("the shard's digits in Jackson's recycled char buffer %d", i)
            .isFalse();
        recycler.releaseByteBuffer(i, bytes);
        recycler.releaseCharBuffer(i, chars);
      }
    } finally {
      pool.releasePooled(recycler);
    }
  }

  @Test
  void refusesTypesItDoesNotKnow() {
    assertThatThrownBy(() -> keeper.write(List.of("a"))).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> keeper.write(Map.of("a", 1))).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> keeper.read(new byte[] {'{', '}'}, String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String outcome(JsonCodec codec, byte[] body, Class<?> type) {
    try {
      Object value = codec.read(body.clone(), type);
      if (value instanceof ShardPutRequest r) {
        return "shard="
            + (r.shard() == null ? "null" : HexFormat.of().formatHex(r.shard()))
            + " err="
            + r.err()
            + " index="
            + r.index()
            + " commitments="
            + r.commitments();
      }
      return Objects.toString(value);
    } catch (BadRequestException e) {
      return "refused: " + e.getMessage();
    }
  }
}
