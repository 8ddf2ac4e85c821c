package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlsProviderTest {
  @Test
  void resolve_jdk_isJdkWhateverTheMachine() {
    assertThat(TlsProvider.resolve("jdk")).isEqualTo(TlsProvider.JDK);
    assertThat(TlsProvider.resolve(" JDK ")).isEqualTo(TlsProvider.JDK);
  }

  @Test
  void resolve_unknownValue_refusedNamingTheChoices() {
    assertThatThrownBy(() -> TlsProvider.resolve("openssl"))
        .isInstanceOf(IdentityConfigException.class)
        .hasMessage("SPIKE_TLS_PROVIDER must be one of auto, conscrypt, jdk; got 'openssl'");
  }

  @Test
  void jdk_alwaysAvailable() {
    assertThat(TlsProvider.JDK.isAvailable()).isTrue();
  }
}
