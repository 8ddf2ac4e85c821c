package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
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

  @Test
  void put_thenRead_returnsTheValueAndIndex() {
    ShardSlot slot = new ShardSlot();
    slot.put(bytes(0xf0), OptionalInt.of(2));
    assertThat(slot.read(KeptShard::copyValue))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes(0xf0)));
    assertThat(slot.read(KeptShard::index)).contains(OptionalInt.of(2));
  }

  @Test
  void put_copiesTheCallersArray() {
    ShardSlot slot = new ShardSlot();
    byte[] mine = bytes(1);
    slot.put(mine, OptionalInt.empty());
    Arrays.fill(mine, (byte) 0);
    assertThat(slot.read(s -> s.sameValue(bytes(1)))).contains(true);
  }

  @Test
  void put_replacingAShard_zeroesThePreviousOne() {
    ShardSlot slot = new ShardSlot();
    slot.put(bytes(1), OptionalInt.of(1));
    KeptShard first = slot.read(s -> s).orElseThrow();
    slot.put(bytes(2), OptionalInt.of(1));
    assertThat(first.copyValue()).containsOnly(0);
    assertThat(slot.read(s -> s.sameValue(bytes(2)))).contains(true);
  }

  @Test
  void put_allZero_isRefusedAndKeepsThePreviousShard() {
    ShardSlot slot = new ShardSlot();
    slot.put(bytes(1), OptionalInt.empty());
    assertThatThrownBy(() -> slot.put(new byte[32], OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all-zero");
    assertThat(slot.read(s -> s.sameValue(bytes(1)))).contains(true);
  }

  @Test
  void put_wrongLengthOrIndex_isRefused() {
    ShardSlot slot = new ShardSlot();
    assertThatThrownBy(() -> slot.put(new byte[31], OptionalInt.empty()))
        .hasMessageContaining("32 bytes, got 31");
    assertThatThrownBy(() -> slot.put(bytes(1), OptionalInt.of(0)))
        .hasMessageContaining("index is >= 1");
    assertThat(slot.isHeld()).isFalse();
  }

  @Test
  void clear_zeroesAndEmpties() {
    ShardSlot slot = new ShardSlot();
    slot.put(bytes(1), OptionalInt.empty());
    KeptShard held = slot.read(s -> s).orElseThrow();
    slot.close();
    assertThat(slot.isHeld()).isFalse();
    assertThat(held.copyValue()).containsOnly(0);
  }

  @Test
  void toString_doesNotRevealBytes() {
    ShardSlot slot = new ShardSlot();
    slot.put(bytes(0xf0), OptionalInt.of(3));
    String hex = HexFormat.of().formatHex(bytes(0xf0));
    assertThat(slot.toString()).doesNotContain(hex.substring(0, 8)).contains("index=3");
    assertThat(slot.read(Object::toString).orElseThrow()).isEqualTo("KeptShard[index=3, 32 bytes]");
  }
}
