package ist.spike.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every {@link SpiffeTlsTest} case with Conscrypt on both sides. The build machine and CI are
 * linux-x86_64, where Conscrypt's native library loads, so it must be available here.
 */
class SpiffeTlsConscryptTest extends SpiffeTlsTest {
  @Override
  TlsProvider provider() {
    return TlsProvider.CONSCRYPT;
  }

  @Test
  void conscrypt_availableAndSelectedByAutoAndByDefault() {
    assertThat(TlsProvider.CONSCRYPT.isAvailable()).isTrue();
    assertThat(TlsProvider.resolve("auto")).isEqualTo(TlsProvider.CONSCRYPT);
    assertThat(TlsProvider.resolve(null)).isEqualTo(TlsProvider.CONSCRYPT);
    assertThat(TlsProvider.resolve("")).isEqualTo(TlsProvider.CONSCRYPT);
    assertThat(ctx(nexus, SpiffeIdVerifier.insecureAcceptAnyTrusted()).getProvider().getName())
        .isEqualTo("Conscrypt");
  }
}
