package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class AesGcmAeadPropertiesTest {
  private final AesGcmAead aead = AesGcmAead.create(AeadKey.generate(42, new SecureRandom()));

  @Property(tries = 200)
  void open_afterSeal_returnsPlaintext(
      @ForAll @Size(max = 300) byte[] plaintext, @ForAll @Size(min = 1, max = 4) List<String> parts)
      throws Exception {
    Aad aad = Aad.of(parts.toArray(String[]::new));
    assertThat(aead.open(aead.seal(plaintext, aad), aad)).isEqualTo(plaintext);
  }

  @Property(tries = 200)
  void open_differentAad_alwaysFails(
      @ForAll @Size(max = 64) byte[] plaintext,
      @ForAll @Size(min = 1, max = 3) List<String> sealed,
      @ForAll @Size(min = 1, max = 3) List<String> opened)
      throws Exception {
    Assume.that(!sealed.equals(opened));
    byte[] ct = aead.seal(plaintext, Aad.of(sealed.toArray(String[]::new)));
    assertThatThrownBy(() -> aead.open(ct, Aad.of(opened.toArray(String[]::new))))
        .isInstanceOf(DecryptionFailedException.class);
  }
}
