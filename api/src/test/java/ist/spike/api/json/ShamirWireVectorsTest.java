package ist.spike.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RestoreRequest;
import ist.spike.testkit.Vectors;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shard-carrying bodies recorded in {@code spike-shamir.json}, byte for byte. */
class ShamirWireVectorsTest {
  private static final SpikeJson JSON = SpikeJson.create();

  static Stream<Arguments> accepted() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : Vectors.json("spike-shamir.json").get("cases")) {
      if (c.get("accepted").asBoolean()) {
        out.add(Arguments.of(Named.of(c.get("name").asText(), c)));
      }
    }
    return out.stream();
  }

  private static byte[] value(JsonNode shard) {
    return HexFormat.of().parseHex(shard.get("value_hex").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void shardBodies_matchGo(JsonNode c) throws Exception {
    Map<Integer, byte[]> all = new LinkedHashMap<>();
    for (JsonNode s : c.get("shards")) {
      int id = s.get("id").asInt();
      assertThat(JSON.encodeToString(ShardPutRequest.of(value(s))))
          .isEqualTo(s.get("keeper_shard_put_request_json").asText());
      assertThat(JSON.encodeToString(RestoreRequest.of(id, value(s))))
          .isEqualTo(s.get("nexus_restore_request_json").asText());
      assertThat(JSON.encodeToString(ShardGetResponse.success(value(s))))
          .isEqualTo(s.get("keeper_shard_get_response_json").asText());
      try (RestoreRequest decoded =
          JSON.decode(s.get("nexus_restore_request_json").asText(), RestoreRequest.class)) {
        assertThat(decoded.id()).isEqualTo(id);
        assertThat(decoded.shard()).isEqualTo(value(s));
      }
      all.put(id, value(s));
    }
    try (RecoverResponse r = RecoverResponse.success(all)) {
      assertThat(JSON.encodeToString(r)).isEqualTo(c.get("nexus_recover_response_json").asText());
    }
  }
}
