package ist.spike.api;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static byte[] shard() {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) 0x5a);
    return b;
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
  void shardRecords_copyTheCallersArrayAndCloseZeroesTheirOwn() {
    byte[] mine = shard();
    ShardPutRequest put = ShardPutRequest.of(mine, 1, java.util.List.of());
    RestoreRequest restore = RestoreRequest.of(1, mine);
    ShardGetResponse get = ShardGetResponse.success(mine);
    assertThat(put.shard()).isNotSameAs(mine).isEqualTo(mine);
    put.close();
    restore.close();
    get.close();
    assertThat(put.shard()).containsOnly(0);
    assertThat(restore.shard()).containsOnly(0);
    assertThat(get.shard()).containsOnly(0);
    assertThat(mine).as("the caller's array is the caller's to zero").containsOnly(0x5a);
  }

  @Test
  void recoverResponse_close_zeroesEveryShard() {
    byte[] a = shard();
    RecoverResponse r = RecoverResponse.success(Map.of(1, a));
    r.close();
    assertThat(a).containsOnly(0);
  }
}
