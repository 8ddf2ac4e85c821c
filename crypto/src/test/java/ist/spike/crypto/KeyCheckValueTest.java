package ist.spike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyCheckValueTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void matches_sameKey_true_otherKey_false() {
    try (RootKey k = RootKey.generate(random);
        RootKey other = RootKey.generate(random)) {
      KeyCheckValue kcv = KeyCheckValue.of(k);
      assertThat(kcv.matches(k)).isTrue();
      assertThat(kcv.matches(other)).isFalse();
    }
  }

  @Test
  void fromBytes_roundTrip_matches() throws Exception {
    try (RootKey k = RootKey.generate(random)) {
      KeyCheckValue stored = KeyCheckValue.fromBytes(KeyCheckValue.of(k).toBytes());
      assertThat(stored).isEqualTo(KeyCheckValue.of(k));
      stored.verify(k);
    }
  }

  @Test
  void verify_wrongKey_throwsKeyCheckMismatch() {
    try (RootKey k = RootKey.generate(random);
        RootKey other = RootKey.generate(random)) {
      KeyCheckValue kcv = KeyCheckValue.of(k);
      assertThatThrownBy(() -> kcv.verify(other)).isInstanceOf(KeyCheckMismatchException.class);
    }
  }

  @Test
  void of_isNotTheKeyItself() {
    try (RootKey k = RootKey.generate(random)) {
      byte[] raw = k.revealBytes(InsecureSecretAccess.get());
      assertThat(KeyCheckValue.of(k).toBytes()).isNotEqualTo(raw);
    }
  }

  @Test
  void fromBytes_wrongLength_throws() {
    assertThatThrownBy(() -> KeyCheckValue.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, was 31");
  }

  @Test
  void toString_showsOnlyPrefix() {
    try (RootKey k = RootKey.generate(random)) {
      KeyCheckValue kcv = KeyCheckValue.of(k);
      String full = HexFormat.of().formatHex(kcv.toBytes());
      assertThat(kcv.toString())
          .contains(full.substring(0, 8))
          .doesNotContain(full.substring(8, 16));
    }
  }
}
