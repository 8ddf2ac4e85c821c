package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransitCiphertextTest {
  private static final String BODY = "A".repeat(44); // 33 bytes, the AEAD minimum

  @Test
  void parse_validText_versionAndBytes() throws Exception {
    TransitCiphertext t = TransitCiphertext.parse("spike:v12:" + BODY, 1024);
    assertThat(t.version()).isEqualTo(12);
    assertThat(t.sealed()).hasSize(33);
    assertThat(t.format()).isEqualTo("spike:v12:" + BODY);
  }

  @Test
  void parse_badForms_refusedWithRule() {
    assertThatThrownBy(() -> TransitCiphertext.parse("vault:v1:" + BODY, 1024))
        .hasMessageContaining("spike:v<version>:<base64>");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v1", 1024))
        .isInstanceOf(MalformedTransitCiphertextException.class);
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v0:" + BODY, 1024))
        .hasMessageContaining("positive decimal");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v01:" + BODY, 1024))
        .hasMessageContaining("positive decimal");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v1234567890:" + BODY, 1024))
        .hasMessageContaining("at most 9 digits");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v1:!!!!", 1024))
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v1:AAAA", 1024))
        .hasMessageContaining("shorter than");
    assertThatThrownBy(() -> TransitCiphertext.parse("spike:v1:" + "A".repeat(2000), 1024))
        .hasMessageContaining("longer than the 1024-byte limit");
  }
}
