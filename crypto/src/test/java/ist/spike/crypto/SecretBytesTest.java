package ist.spike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final SecretAccess ACCESS = InsecureSecretAccess.get();

  @Test
  void copyOf_callerMutatesInput_holderUnchanged() {
    byte[] in = {1, 2, 3};
    SecretBytes s = SecretBytes.copyOf(in, ACCESS);
    in[0] = 9;
    assertThat(s.revealBytes(ACCESS)).containsExactly(1, 2, 3);
  }

  @Test
  void revealBytes_returnsFreshCopy() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {1, 2, 3}, ACCESS);
    byte[] out = s.revealBytes(ACCESS);
    out[0] = 9;
    assertThat(s.revealBytes(ACCESS)).containsExactly(1, 2, 3);
  }

  @Test
  void close_zeroesBackingArray() {
    byte[] owned = {5, 6, 7};
    SecretBytes s = SecretBytes.takeOwnership(owned);
    s.close();
    assertThat(owned).containsOnly(0);
    assertThat(s.isClosed()).isTrue();
    assertThatThrownBy(() -> s.revealBytes(ACCESS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void equalsSecret_sameAndDifferentBytes() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3}, ACCESS);
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 3}, ACCESS))).isTrue();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2, 4}, ACCESS))).isFalse();
    assertThat(a.equalsSecret(SecretBytes.copyOf(new byte[] {1, 2}, ACCESS))).isFalse();
  }

  @Test
  void equals_isIdentityOnly() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1}, ACCESS);
    assertThat(a).isNotEqualTo(SecretBytes.copyOf(new byte[] {1}, ACCESS));
  }

  @Test
  void toString_doesNotRevealBytes() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {0x41, 0x42, 0x43, 0x44}, ACCESS);
    assertThat(s.toString())
        .isEqualTo("SecretBytes[4 bytes]")
        .doesNotContain("41")
        .doesNotContain("ABCD");
  }

  @Test
  void random_negativeSize_throws() {
    assertThatThrownBy(() -> SecretBytes.random(-1, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
