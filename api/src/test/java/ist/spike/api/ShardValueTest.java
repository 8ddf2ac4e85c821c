package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.json.SpikeJson;
import ist.spike.api.operator.RestoreRequest;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShardValueTest {
  private static final SpikeJson JSON = SpikeJson.create();

  @Property(tries = 60)
  void decode_anyArrayLength_keepsTheCountAndOnlyTheFirst32Bytes(
      @ForAll @IntRange(min = 1, max = 64) int count) throws Exception {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      array.append(i == 0 ? "" : ",").append(i + 1);
    }
    byte[] body = ("{\"id\":1,\"shard\":" + array + "]}").getBytes(StandardCharsets.UTF_8);
    try (RestoreRequest r = JSON.decode(body, RestoreRequest.class)) {
      assertThat(r.shard().decodedLength()).isEqualTo(count);
      byte[] bytes = r.shard().revealBytes();
      for (int i = 0; i < ShardValue.SIZE; i++) {
        assertThat(bytes[i] & 0xff).isEqualTo(i < count ? i + 1 : 0);
      }
    }
  }

  @Property(tries = 10)
  void copyOf_countsAsExactly32(@ForAll @IntRange(min = 0, max = 255) int fill) {
    byte[] b = new byte[ShardValue.SIZE];
    java.util.Arrays.fill(b, (byte) fill);
    try (ShardValue v = ShardValue.copyOf(b)) {
      assertThat(v.decodedLength()).isEqualTo(ShardValue.SIZE);
    }
  }
}
