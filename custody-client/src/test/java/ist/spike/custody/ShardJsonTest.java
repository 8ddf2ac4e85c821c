package ist.spike.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ShardJsonTest {
  static byte[] vectorShard() {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (0xf0 + 7 * i);
    }
    return b;
  }

  @Test
  void contribution_isSpikesBodyPlusTheIndex() {
    String json = new String(ShardJson.contribution(vectorShard(), 2), StandardCharsets.US_ASCII);
    assertThat(json)
        .isEqualTo(
            "{\"shard\":[240,247,254,5,12,19,26,33,40,47,54,61,68,75,82,89,96,103,110,117,124,131,"
                + "138,145,152,159,166,173,180,187,194,201],\"index\":2}");
  }

  @Test
  void decode_spikeKeeperResponse_hasNoIndex() throws Exception {
    byte[] body =
        ("{\"shard\":[240,247,254,5,12,19,26,33,40,47,54,61,68,75,82,89,96,103,110,117,124,131,"
                + "138,145,152,159,166,173,180,187,194,201],\"Err\":\"\"}")
            .getBytes(StandardCharsets.US_ASCII);
    ShardJson.Decoded d = ShardJson.decode(body);
    assertThat(d.value()).isEqualTo(vectorShard());
    assertThat(d.index()).isEqualTo(OptionalInt.empty());
    assertThat(d.err()).isEmpty();
  }

  @Test
  void decode_roundTripWithIndex() throws Exception {
    ShardJson.Decoded d = ShardJson.decode(ShardJson.contribution(vectorShard(), 3));
    assertThat(d.index()).hasValue(3);
    assertThat(d.value()).isEqualTo(vectorShard());
  }

  @Test
  void decode_emptyKeeper_hasNullShardAndTheError() throws Exception {
    ShardJson.Decoded d =
        ShardJson.decode(
            "{\"shard\":null,\"Err\":\"api_bad_request\"}".getBytes(StandardCharsets.US_ASCII));
    assertThat(d.value()).isNull();
    assertThat(d.err()).isEqualTo("api_bad_request");
  }

  @Test
  void decode_malformed_throws() {
    for (String bad :
        new String[] {
          "",
          "[]",
          "{\"shard\":\"AAAA\"}",
          "{\"shard\":[1,2]}",
          "{\"shard\":[256" + ",0".repeat(31) + "]}",
          "{\"index\":\"x\"}",
          "{\"shard\":[" + "1,".repeat(32) + "1]}"
        }) {
      assertThatThrownBy(() -> ShardJson.decode(bad.getBytes(StandardCharsets.US_ASCII)))
          .as(bad)
          .isInstanceOf(IOException.class);
    }
  }
}
