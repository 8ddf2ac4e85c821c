package ist.spike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RootKeyTest {
  private static final SecretAccess ACCESS = InsecureSecretAccess.get();
  private static final String N =
      "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

  static SecretBytes hex(String h) {
    return SecretBytes.copyOf(HexFormat.of().parseHex(h), ACCESS);
  }

  @Test
  void of_zero_throwsWithRule() {
    assertThatThrownBy(() -> RootKey.of(SecretBytes.copyOf(new byte[32], ACCESS)))
        .isInstanceOf(InvalidRootKeyException.class)
        .hasMessage(RootKey.MESSAGE_ZERO);
  }

  @Test
  void of_orderN_throws() {
    assertThatThrownBy(() -> RootKey.of(hex(N)))
        .isInstanceOf(InvalidRootKeyException.class)
        .hasMessage(RootKey.MESSAGE_NOT_BELOW_ORDER);
  }

  @Test
  void of_orderPlusOneAndAllFf_throw() {
    assertThatThrownBy(() -> RootKey.of(hex(N.substring(0, 63) + "2")))
        .isInstanceOf(InvalidRootKeyException.class);
    assertThatThrownBy(() -> RootKey.of(hex("ff".repeat(32))))
        .isInstanceOf(InvalidRootKeyException.class);
  }

  @Test
  void of_orderMinusOne_accepted() throws Exception {
    try (RootKey k = RootKey.of(hex(N.substring(0, 63) + "0"))) {
      assertThat(k.revealBytes(ACCESS))
          .isEqualTo(HexFormat.of().parseHex(N.substring(0, 63) + "0"));
    }
  }

  @Test
  void of_wrongSize_throws() {
    assertThatThrownBy(() -> RootKey.of(SecretBytes.copyOf(new byte[31], ACCESS)))
        .isInstanceOf(InvalidRootKeyException.class)
        .hasMessageContaining("32 bytes, was 31");
  }

  @Test
  void generate_yieldsDistinctValidKeys() throws Exception {
    SecureRandom r = new SecureRandom();
    try (RootKey a = RootKey.generate(r);
        RootKey b = RootKey.generate(r)) {
      assertThat(a.equalsSecret(b)).isFalse();
      RootKey.validate(a.revealBytes(ACCESS));
    }
  }

  @Test
  void generate_sourceReturnsInvalidFirst_rejectionSamples() throws Exception {
    // A source that first yields n (invalid), then all zeros (invalid), then 0x01..0x20.
    byte[][] draws = {HexFormat.of().parseHex(N), new byte[32], seq()};
    SecureRandom scripted =
        new SecureRandom() {
          private int i;

          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(draws[i++], 0, bytes, 0, 32);
          }
        };
    try (RootKey k = RootKey.generate(scripted)) {
      assertThat(k.revealBytes(ACCESS)).isEqualTo(seq());
    }
  }

  @Test
  void close_zeroesAndBlocksReveal() throws Exception {
    RootKey k = RootKey.of(SecretBytes.copyOf(seq(), ACCESS));
    k.close();
    assertThat(k.isClosed()).isTrue();
    assertThatThrownBy(() -> k.revealBytes(ACCESS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_doesNotRevealBytes() throws Exception {
    byte[] b = new byte[32];
    new Random(1).nextBytes(b);
    b[0] = 0x11;
    try (RootKey k = RootKey.of(SecretBytes.copyOf(b, ACCESS))) {
      assertThat(k.toString())
          .isEqualTo("RootKey[32 bytes]")
          .doesNotContain(HexFormat.of().formatHex(b, 0, 2));
    }
  }

  static byte[] seq() {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (i + 1);
    }
    return b;
  }
}
