package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.keeper.ShardGetResponse;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ShardSlotTest {
  static byte[] bytes(int first) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (first + 7 * i);
    }
    return b;
  }

  private static byte[] value(int first) {
    return bytes(first);
  }

  private static byte[] heldBytes(ShardSlot slot) {
    try (ShardGetResponse r = slot.response().orElseThrow()) {
      return r.shard().clone();
    }
  }

  @Test
  void put_thenResponse_returnsTheValueAndIndex() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(0xf0), OptionalInt.of(2));
    assertThat(heldBytes(slot)).isEqualTo(bytes(0xf0));
    try (ShardGetResponse r = slot.response().orElseThrow()) {
      assertThat(r.index()).isEqualTo(2);
    }
    assertThat(slot.index()).hasValue(2);
  }

  @Test
  void put_copiesTheCallersValue() {
    ShardSlot slot = new ShardSlot();
    byte[] mine = value(1);
    slot.put(mine, OptionalInt.empty());
    java.util.Arrays.fill(mine, (byte) 0);
    assertThat(heldBytes(slot)).isEqualTo(bytes(1));
  }

  @Test
  void put_replacingAShard_keepsOnlyTheNewOne() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(1), OptionalInt.of(1));
    slot.put(value(2), OptionalInt.empty());
    assertThat(heldBytes(slot)).isEqualTo(bytes(2));
    assertThat(slot.index()).isEmpty();
  }

  @Test
  void put_allZero_isRefusedAndKeepsThePreviousShard() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(1), OptionalInt.empty());
    assertThatThrownBy(() -> slot.put(new byte[32], OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an all-zero shard is not a shard");
    assertThat(heldBytes(slot)).isEqualTo(bytes(1));
  }

  @Test
  void put_indexBelowOne_isRefused() {
    ShardSlot slot = new ShardSlot();
    assertThatThrownBy(() -> slot.put(value(1), OptionalInt.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shard index is >= 1, got 0");
    assertThat(slot.isHeld()).isFalse();
  }

  @Test
  void clear_empties() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(1), OptionalInt.of(1));
    slot.clear();
    assertThat(slot.isHeld()).isFalse();
    assertThat(slot.response()).isEmpty();
    assertThat(slot.index()).isEmpty();
  }

  @Test
  void toString_doesNotRevealBytes() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(0xf0), OptionalInt.of(3));
    String hex = HexFormat.of().formatHex(bytes(0xf0));
    assertThat(slot.toString()).isEqualTo("ShardSlot[index=3, 32 bytes]").doesNotContain(hex);
  }

  @Test
  void put_not32Bytes_isRefusedAndKeepsThePreviousShard() {
    ShardSlot slot = new ShardSlot();
    slot.put(value(1), OptionalInt.empty());
    assertThatThrownBy(() -> slot.put(new byte[31], OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shard is 32 bytes, got 31");
    assertThat(heldBytes(slot)).isEqualTo(bytes(1));
  }
}
