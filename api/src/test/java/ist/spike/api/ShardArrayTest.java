package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.json.MalformedBodyException;
import ist.spike.api.json.SpikeJson;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.operator.RestoreRequest;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShardArrayTest {
  private static final SpikeJson JSON = SpikeJson.create();

  private static byte[] body(int count) {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < count; i++) {
      array.append(i == 0 ? "" : ",").append(i + 1);
    }
    return ("{\"id\":1,\"shard\":" + array + "]}").getBytes(StandardCharsets.UTF_8);
  }

  @Property(tries = 60)
  void decode_upTo64Numbers_keepsExactlyWhatWasSent(
      @ForAll @IntRange(min = 0, max = ShardArray.MAX_NUMBERS) int count) throws Exception {
    try (RestoreRequest r = JSON.decode(body(count), RestoreRequest.class)) {
      assertThat(r.shard()).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(r.shard()[i] & 0xff).isEqualTo(i + 1);
      }
    }
  }

  @Property(tries = 20)
  void goFixed_zeroFillsOrTruncatesTo32AsGoReadsA32ByteArray(
      @ForAll @IntRange(min = 0, max = ShardArray.MAX_NUMBERS) int count) throws Exception {
    try (ShardPutRequest r = JSON.decode(body(count), ShardPutRequest.class)) {
      byte[] fixed = ShardArray.goFixed(r.shard());
      assertThat(fixed).hasSize(ShardArray.SIZE);
      for (int i = 0; i < ShardArray.SIZE; i++) {
        assertThat(fixed[i] & 0xff).isEqualTo(i < count ? i + 1 : 0);
      }
    }
  }

  @Property(tries = 10)
  void decode_moreThan64Numbers_refusedWithTheLimit(
      @ForAll @IntRange(min = ShardArray.MAX_NUMBERS + 1, max = 4096) int count) {
    assertThatThrownBy(() -> JSON.decode(body(count), RestoreRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("field 'shard'");
  }

  @Property(tries = 10)
  void decode_elementOutOfRange_refused(@ForAll @IntRange(min = 256, max = 100000) int bad) {
    byte[] b = ("{\"id\":1,\"shard\":[1," + bad + "]}").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JSON.decode(b, RestoreRequest.class))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("field 'shard'");
  }

  @Property(tries = 10)
  void isAllZero_onlyForAllZeroBytes(@ForAll @IntRange(min = 0, max = 31) int at) {
    byte[] v = new byte[ShardArray.SIZE];
    assertThat(ShardArray.isAllZero(v)).isTrue();
    v[at] = 1;
    assertThat(ShardArray.isAllZero(v)).isFalse();
  }
}
