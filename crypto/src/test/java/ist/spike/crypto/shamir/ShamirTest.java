package ist.spike.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirTest {
  private static final String N =
      "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

  private static SecretBytes bytes(String hex) {
    return SecretBytes.copyOf(HexFormat.of().parseHex(hex), InsecureSecretAccess.get());
  }

  @Test
  void parameters_thresholdZero_throws() {
    assertThatThrownBy(() -> ShamirParameters.of(0, 3))
        .isInstanceOf(InvalidShamirParametersException.class)
        .hasMessage("Shamir threshold must be at least 1, was 0");
  }

  @Test
  void parameters_thresholdAboveShares_throws() {
    assertThatThrownBy(() -> ShamirParameters.of(3, 2))
        .isInstanceOf(InvalidShamirParametersException.class)
        .hasMessage("Shamir shares must be at least the threshold: threshold 3 > shares 2");
  }

  @Test
  void parameters_tooManyShares_throws() {
    assertThatThrownBy(() -> ShamirParameters.of(2, 1001))
        .isInstanceOf(InvalidShamirParametersException.class)
        .hasMessage("Shamir shares must be at most 1000, was 1001");
  }

  @Test
  void parameters_edges_accepted() throws Exception {
    assertThat(ShamirParameters.of(1, 1).toString()).isEqualTo("1-of-1");
    assertThat(ShamirParameters.of(1000, 1000).shares()).isEqualTo(1000);
    assertThat(ShamirParameters.DEFAULT).isEqualTo(ShamirParameters.of(2, 3));
  }

  @Test
  void recover_tooFewShards_throwsNotEnough() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(3, 5));
      assertThatThrownBy(() -> Shamir.recover(shards.subList(0, 2), 3))
          .isInstanceOf(NotEnoughShardsException.class)
          .hasMessage("recovery needs at least 3 shards (the threshold), got 2")
          .satisfies(
              e -> {
                assertThat(((NotEnoughShardsException) e).supplied()).isEqualTo(2);
                assertThat(((NotEnoughShardsException) e).threshold()).isEqualTo(3);
              });
      assertThatThrownBy(() -> Shamir.recover(List.of(), 1))
          .isInstanceOf(NotEnoughShardsException.class);
    }
  }

  @Test
  void recover_duplicateIndexes_throwsInvalidShard() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
      assertThatThrownBy(() -> Shamir.recover(List.of(shards.get(1), shards.get(1)), 2))
          .isInstanceOf(InvalidShardException.class)
          .hasMessage("shard index 2 appears more than once; indexes must be distinct");
    }
  }

  @Test
  void recover_thresholdZero_throws() {
    assertThatThrownBy(() -> Shamir.recover(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recover_extraShardsBeyondThreshold_onlyFirstUsed() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      List<Shard> shards = Shamir.split(key, ShamirParameters.of(2, 3));
      // The third shard is inconsistent (a shard of another key) but lies beyond the threshold.
      try (RootKey other = RootKey.generate(new SecureRandom())) {
        Shard foreign = Shamir.split(other, ShamirParameters.of(2, 3)).get(2);
        try (RootKey recovered =
            Shamir.recover(List.of(shards.get(0), shards.get(1), foreign), 2)) {
          assertThat(recovered.equalsSecret(key)).isTrue();
        }
      }
    }
  }

  @Test
  void split_thresholdOne_everyShardIsTheKey() throws Exception {
    try (RootKey key = RootKey.generate(new SecureRandom())) {
      byte[] raw = key.revealBytes(InsecureSecretAccess.get());
      for (Shard s : Shamir.split(key, ShamirParameters.of(1, 4))) {
        assertThat(s.revealValue(InsecureSecretAccess.get())).isEqualTo(raw);
      }
    }
  }

  @Test
  void shard_indexZero_throws() {
    assertThatThrownBy(() -> Shard.of(0, bytes("01".repeat(32))))
        .isInstanceOf(InvalidShardException.class)
        .hasMessage("shard index must be at least 1, was 0");
  }

  @Test
  void shard_valueAtOrAboveOrder_throwsWithoutEchoingValue() {
    for (String v : new String[] {N, "ff".repeat(32)}) {
      assertThatThrownBy(() -> Shard.of(1, bytes(v)))
          .isInstanceOf(InvalidShardException.class)
          .hasMessage("shard 1 must be below the P-256 group order n (32-byte big-endian)");
    }
  }

  @Test
  void shard_zeroValue_throws() {
    assertThatThrownBy(() -> Shard.of(2, bytes("00".repeat(32))))
        .isInstanceOf(InvalidShardException.class)
        .hasMessage("shard 2 must not be all zeros");
  }

  @Test
  void shard_wrongLength_throws() {
    assertThatThrownBy(() -> Shard.of(2, bytes("01".repeat(31))))
        .isInstanceOf(InvalidShardException.class)
        .hasMessage("shard 2 must be 32 bytes, was 31");
  }

  @Test
  void shard_close_zeroesAndBlocksReveal() throws Exception {
    Shard s = Shard.of(1, bytes("01".repeat(32)));
    s.close();
    assertThat(s.isClosed()).isTrue();
    assertThatThrownBy(() -> s.revealValue(InsecureSecretAccess.get()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    Shard s = Shard.of(3, bytes("ab".repeat(32)));
    assertThat(s.toString()).isEqualTo("Shard[3, 32 bytes]").doesNotContain("ab");
  }
}
