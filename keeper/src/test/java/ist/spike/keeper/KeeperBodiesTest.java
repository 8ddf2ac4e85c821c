package ist.spike.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.api.ShardValue;
import org.junit.jupiter.api.Test;

class KeeperBodiesTest {
  @Test
  void toString_doesNotRevealBytes() {
    byte[] v = ShardSlotTest.bytes(0xf0);
    try (ContributeBody c = new ContributeBody(ShardValue.copyOf(v), 2);
        ShardBody s = new ShardBody(ShardValue.copyOf(v), "", 2)) {
      assertThat(c.toString()).isEqualTo("ContributeBody[shard=redacted, index=2]");
      assertThat(s.toString()).isEqualTo("ShardBody[shard=redacted, index=2]");
      assertThat(c.toString() + s).doesNotContain("240").doesNotContain("f0f7");
    }
  }
}
