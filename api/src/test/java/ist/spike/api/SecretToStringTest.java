package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.api.cipher.CipherDecryptResponse;
import ist.spike.api.cipher.CipherEncryptRequest;
import ist.spike.api.keeper.ShardGetResponse;
import ist.spike.api.keeper.ShardPutRequest;
import ist.spike.api.operator.RecoverResponse;
import ist.spike.api.operator.RestoreRequest;
import ist.spike.api.secret.SecretGetResponse;
import ist.spike.api.secret.SecretPutRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every wire type with a secret component hides it in {@code toString}. */
class SecretToStringTest {
  private static final String SECRET = "hunter2-SECRET";

  private static ShardValue shard() {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) 0x5a);
    return ShardValue.copyOf(b);
  }

  @Test
  void toString_doesNotRevealBytes() {
    byte[] pt = SECRET.getBytes(StandardCharsets.UTF_8);
    Object[] values = {
      SecretPutRequest.of("p", Map.of("password", SECRET)),
      SecretGetResponse.success(Map.of("password", SECRET)),
      CipherEncryptRequest.of(pt),
      CipherDecryptResponse.success(pt),
      RestoreRequest.of(1, shard()),
      ShardPutRequest.of(shard()),
      ShardGetResponse.success(shard()),
      RecoverResponse.success(Map.of(1, shard())),
      shard(),
    };
    for (Object v : values) {
      assertThat(v.toString())
          .doesNotContain(SECRET)
          .doesNotContain("90, 90")
          .doesNotContain("5a5a")
          .doesNotContain("Wlpa");
    }
  }

  @Test
  void shardValue_close_zeroesAndBlocks() {
    ShardValue v = shard();
    assertThat(v.isAllZero()).isFalse();
    v.close();
    assertThatThrownBy(v::revealBytes).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shardValue_wrongLength_refused() {
    assertThatThrownBy(() -> ShardValue.copyOf(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shard value must be 32 bytes, was 31");
  }

  @Test
  void shardValue_equalsValue_constantTimeComparison() {
    assertThat(shard().equalsValue(shard())).isTrue();
    assertThat(shard().equalsValue(ShardValue.copyOf(new byte[32]))).isFalse();
    assertThat(ShardValue.copyOf(new byte[32]).isAllZero()).isTrue();
  }

  @Test
  void recoverResponse_close_zeroesEveryShard() {
    ShardValue a = shard();
    RecoverResponse r = RecoverResponse.success(Map.of(1, a));
    r.close();
    assertThatThrownBy(a::revealBytes).isInstanceOf(IllegalStateException.class);
  }
}
