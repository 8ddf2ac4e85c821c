package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RootKeyWrapPropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 40)
  void seal_thenOpenWithTheSameGenerations_givesTheKeyBack(
      @ForAll @IntRange(min = 1, max = 1000) int from) throws Exception {
    try (RootKey old = RootKey.generate(RANDOM);
        RootKey next = RootKey.generate(RANDOM)) {
      byte[] wrapped = RootKeyWrap.seal(next, from + 1, old, from, RANDOM);
      try (RootKey back = RootKeyWrap.open(wrapped, from + 1, old, from)) {
        assertThat(back.equalsSecret(next)).isTrue();
      }
      byte[] reverse = RootKeyWrap.seal(old, from, next, from + 1, RANDOM);
      try (RootKey back = RootKeyWrap.open(reverse, from, next, from + 1)) {
        assertThat(back.equalsSecret(old)).isTrue();
      }
    }
  }

  @Property(tries = 40)
  void open_withAnotherKeyOrOtherGenerationsOrAChangedByte_fails(
      @ForAll @IntRange(min = 0, max = 60) int flip) throws Exception {
    try (RootKey old = RootKey.generate(RANDOM);
        RootKey next = RootKey.generate(RANDOM);
        RootKey stranger = RootKey.generate(RANDOM)) {
      byte[] wrapped = RootKeyWrap.seal(next, 2, old, 1, RANDOM);
      assertThatThrownBy(() -> RootKeyWrap.open(wrapped, 2, stranger, 1))
          .isInstanceOf(UnknownKeyIdException.class);
      assertThatThrownBy(() -> RootKeyWrap.open(wrapped, 3, old, 1))
          .isInstanceOf(DecryptionFailedException.class);
      byte[] changed = wrapped.clone();
      changed[flip % changed.length] ^= 1;
      assertThatThrownBy(() -> RootKeyWrap.open(changed, 2, old, 1))
          .isInstanceOf(java.security.GeneralSecurityException.class);
    }
  }

  @Property(tries = 20)
  void wrapped_neverContainsTheKeyBytes(@ForAll @IntRange(min = 1, max = 9) int g)
      throws Exception {
    try (RootKey old = RootKey.generate(RANDOM);
        RootKey next = RootKey.generate(RANDOM)) {
      byte[] wrapped = RootKeyWrap.seal(next, g + 1, old, g, RANDOM);
      String hex = HexFormat.of().formatHex(wrapped);
      String key =
          HexFormat.of().formatHex(next.revealBytes(ist.spike.crypto.InsecureSecretAccess.get()));
      assertThat(hex).doesNotContain(key.substring(0, 16));
      assertThat(wrapped).hasSize(RootKey.SIZE + AesGcmAead.OVERHEAD);
    }
  }

  @Property(tries = 5)
  void seal_sameGenerationTwice_refused(@ForAll @IntRange(min = 1, max = 9) int g) {
    try (RootKey k = RootKey.generate(RANDOM)) {
      assertThatThrownBy(() -> RootKeyWrap.seal(k, g, k, g, RANDOM))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a key is not wrapped under its own generation " + g);
    }
  }
}
