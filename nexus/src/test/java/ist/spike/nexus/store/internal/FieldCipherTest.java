package ist.spike.nexus.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import ist.spike.nexus.store.IntegrityException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class FieldCipherTest {
  private static final byte[] DATA = "field value".getBytes(StandardCharsets.UTF_8);

  @Test
  void seal_open_roundTripsOnlyUnderSameAad() {
    try (RootKey key = RootKey.generate(new SecureRandom());
        FieldCipher c = FieldCipher.derive(key, new SecureRandom())) {
      byte[] stored =
          c.seal(DATA, FieldCipher.aad("secret_versions", "path=a\u0000version=1", "v"));
      assertThat(
              c.open(stored, FieldCipher.aad("secret_versions", "path=a\u0000version=1", "v"), "x"))
          .isEqualTo(DATA);
      assertThatThrownBy(
              () ->
                  c.open(
                      stored,
                      FieldCipher.aad("secret_versions", "path=a\u0000version=2", "v"),
                      "row 2"))
          .isInstanceOf(IntegrityException.class)
          .hasMessage("integrity check failed for row 2");
      assertThatThrownBy(
              () -> c.open(stored, FieldCipher.aad("policies", "path=a\u0000version=1", "v"), "t"))
          .isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void seal_sameInput_freshNonceEachTime() {
    try (RootKey key = RootKey.generate(new SecureRandom());
        FieldCipher c = FieldCipher.derive(key, new SecureRandom())) {
      var aad = FieldCipher.aad("t", "r", "f");
      assertThat(Arrays.equals(c.seal(DATA, aad), c.seal(DATA, aad))).isFalse();
    }
  }

  @Test
  void derive_sameRootKey_sameKeyId_otherRootKey_reportedAsWrongKey() {
    try (RootKey a = RootKey.generate(new SecureRandom());
        RootKey b = RootKey.generate(new SecureRandom());
        FieldCipher ca = FieldCipher.derive(a, new SecureRandom());
        FieldCipher ca2 = FieldCipher.derive(a, new SecureRandom());
        FieldCipher cb = FieldCipher.derive(b, new SecureRandom())) {
      assertThat(ca.keyIdHex()).isEqualTo(ca2.keyIdHex()).isNotEqualTo(cb.keyIdHex());
      var aad = FieldCipher.aad("t", "r", "f");
      byte[] stored = ca.seal(DATA, aad);
      assertThatThrownBy(() -> cb.open(stored, aad, "t r"))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("wrong root key?");
    }
  }

  @Test
  void toString_doesNotRevealBytes() {
    try (RootKey key = RootKey.generate(new SecureRandom());
        FieldCipher c = FieldCipher.derive(key, new SecureRandom())) {
      assertThat(c.toString()).matches("FieldCipher\\[keyId=[0-9a-f]{8}\\]");
    }
  }

  @Test
  void derive_withOlderRootKey_opensOldFieldsByKeyIdAndSealsOnlyUnderTheNewKey() {
    SecureRandom random = new SecureRandom();
    var aad = FieldCipher.aad("secret_versions", "path=a\u0000version=1", "v");
    try (RootKey old = RootKey.generate(random);
        RootKey next = RootKey.generate(random);
        FieldCipher before = FieldCipher.derive(old, random);
        FieldCipher during = FieldCipher.derive(next, java.util.List.of(old), random);
        FieldCipher after = FieldCipher.derive(next, random)) {
      byte[] oldField = before.seal(DATA, aad);
      assertThat(during.open(oldField, aad, "x")).isEqualTo(DATA);
      assertThat(during.sealedUnderCurrentKey(oldField)).isFalse();
      byte[] resealed = during.seal(during.open(oldField, aad, "x"), aad);
      assertThat(during.sealedUnderCurrentKey(resealed)).isTrue();
      assertThat(after.open(resealed, aad, "x")).isEqualTo(DATA);
      assertThatThrownBy(() -> after.open(oldField, aad, "row 1"))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("was written under storage key " + before.keyIdHex());
      assertThat(during.sealedUnderCurrentKey(new byte[2])).isFalse();
    }
  }
}
