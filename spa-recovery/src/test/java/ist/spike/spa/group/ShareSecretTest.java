package ist.spike.spa.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShareSecretTest {
  @Test
  void copyOf_callerArrayChanged_shareKeepsItsCopy() {
    byte[] b = {1, 2, 3};
    try (ShareSecret s = ShareSecret.copyOf(2, b)) {
      b[0] = 9;
      assertThat(s.revealBytes()).containsExactly(1, 2, 3);
      assertThat(s.participant()).isEqualTo(2);
    }
  }

  @Test
  void copyOf_badParticipantOrEmpty_refusedWithRule() {
    assertThatThrownBy(() -> ShareSecret.copyOf(0, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("participant must be 1..255, got 0");
    assertThatThrownBy(() -> ShareSecret.copyOf(256, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShareSecret.copyOf(1, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a share must not be empty");
  }

  @Test
  void equalsSecret_sameBytesOtherParticipantOrBytes_distinguished() {
    try (ShareSecret a = ShareSecret.copyOf(1, new byte[] {1, 2});
        ShareSecret same = ShareSecret.copyOf(1, new byte[] {1, 2});
        ShareSecret otherParticipant = ShareSecret.copyOf(2, new byte[] {1, 2});
        ShareSecret otherBytes = ShareSecret.copyOf(1, new byte[] {1, 3})) {
      assertThat(a.equalsSecret(same)).isTrue();
      assertThat(a.equalsSecret(otherParticipant)).isFalse();
      assertThat(a.equalsSecret(otherBytes)).isFalse();
    }
  }

  @Test
  void close_thenReveal_throwsNamingParticipant() {
    ShareSecret s = ShareSecret.copyOf(3, new byte[] {7, 7});
    s.close();
    s.close();
    assertThatThrownBy(s::revealBytes)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("share 3 is closed");
    assertThat(s.toString()).isEqualTo("ShareSecret[participant 3, 2 bytes]");
  }
}
