package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.RootKey;
import ist.spike.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AesGcmAeadTest {
  private static final Aad AAD = Aad.of("secrets", "db/password", "v1", "data");
  private final SecureRandom random = new SecureRandom();
  private final AeadKey key = AeadKey.generate(7, random);
  private final AesGcmAead aead = AesGcmAead.create(key);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void seal_open_roundTrip() throws Exception {
    for (int len : new int[] {0, 1, 15, 16, 17, 1000}) {
      byte[] pt = new byte[len];
      random.nextBytes(pt);
      byte[] ct = aead.seal(pt, AAD);
      assertThat(ct).hasSize(len + AesGcmAead.OVERHEAD);
      assertThat(aead.open(ct, AAD)).isEqualTo(pt);
    }
  }

  @Test
  void seal_writesHeaderWithVersionAndKeyId() throws Exception {
    byte[] ct = aead.seal(utf8("x"), AAD);
    assertThat(ct[0]).isEqualTo((byte) 1);
    assertThat(CiphertextHeader.parse(ct)).isEqualTo(new CiphertextHeader(1, 7));
  }

  @Test
  void open_wrongKeySameId_throwsDecryptionFailed() throws Exception {
    byte[] ct = aead.seal(utf8("hello"), AAD);
    AesGcmAead other = AesGcmAead.create(AeadKey.generate(7, random));
    assertThatThrownBy(() -> other.open(ct, AAD))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessage("decryption failed");
  }

  @Test
  void open_wrongAad_throwsDecryptionFailed() throws Exception {
    byte[] ct = aead.seal(utf8("hello"), AAD);
    for (Aad wrong :
        new Aad[] {
          Aad.of("secrets", "db/password", "v2", "data"),
          Aad.of("secrets", "db", "password", "v1", "data"),
          Aad.of("secrets", "db/passwordv1", "data")
        }) {
      assertThatThrownBy(() -> aead.open(ct, wrong))
          .isInstanceOf(DecryptionFailedException.class)
          .hasMessage("decryption failed");
    }
  }

  @Test
  void open_anySingleBitFlip_throws() throws Exception {
    byte[] ct = aead.seal(utf8("tamper me"), AAD);
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      // Flipping a key-id bit names an unknown key; any other flip fails authentication.
      assertThatThrownBy(() -> aead.open(bad, AAD))
          .isInstanceOfAny(DecryptionFailedException.class, UnknownKeyIdException.class);
    }
  }

  @Test
  void open_truncated_throwsDecryptionFailed() throws Exception {
    byte[] ct = aead.seal(utf8("abc"), AAD);
    for (int len = 0; len < ct.length; len++) {
      byte[] bad = Arrays.copyOf(ct, len);
      assertThatThrownBy(() -> aead.open(bad, AAD)).isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Test
  void open_unknownKeyId_throwsUnknownKeyIdWithId() throws Exception {
    byte[] ct = AesGcmAead.create(AeadKey.generate(0x0a0b0c0d, random)).seal(utf8("x"), AAD);
    assertThatThrownBy(() -> aead.open(ct, AAD))
        .isInstanceOf(UnknownKeyIdException.class)
        .hasMessageContaining("0x0a0b0c0d")
        .satisfies(e -> assertThat(((UnknownKeyIdException) e).keyId()).isEqualTo(0x0a0b0c0d));
  }

  @Test
  void open_afterRotation_oldDataStillOpens() throws Exception {
    byte[] oldCt = aead.seal(utf8("old"), AAD);
    AeadKey next = AeadKey.generate(8, random);
    AesGcmAead rotated = AesGcmAead.create(next, key);
    assertThat(rotated.open(oldCt, AAD)).isEqualTo(utf8("old"));
    assertThat(CiphertextHeader.parse(rotated.seal(utf8("new"), AAD)).keyId()).isEqualTo(8);
    assertThat(rotated.primaryKeyId()).isEqualTo(8);
    assertThat(aead.primaryKeyId()).isEqualTo(7);
  }

  @Test
  void create_duplicateKeyIds_throws() {
    assertThatThrownBy(() -> AesGcmAead.create(key, AeadKey.generate(7, random)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x00000007");
  }

  @Test
  void seal_manyTimes_noncesUnique() throws Exception {
    Set<String> nonces = new HashSet<>();
    byte[] pt = new byte[0];
    for (int i = 0; i < 5000; i++) {
      byte[] ct = aead.seal(pt, AAD);
      nonces.add(Arrays.toString(Arrays.copyOfRange(ct, 5, 17)));
    }
    assertThat(nonces).hasSize(5000);
  }

  @Test
  void seal_samePlaintextTwice_differentCiphertexts() throws Exception {
    assertThat(aead.seal(utf8("same"), AAD)).isNotEqualTo(aead.seal(utf8("same"), AAD));
  }

  @Test
  void open_closedKey_throwsIllegalState() throws Exception {
    AeadKey k = AeadKey.generate(1, random);
    AesGcmAead a = AesGcmAead.create(k);
    byte[] ct = a.seal(utf8("x"), AAD);
    k.close();
    assertThatThrownBy(() -> a.open(ct, AAD)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void derive_samePurpose_sameKeyAndId_otherPurpose_different() throws Exception {
    try (RootKey root = RootKey.generate(random);
        RootKey otherRoot = RootKey.generate(random)) {
      AeadKey a = AeadKey.derive(root, "spike/storage/v1");
      AeadKey b = AeadKey.derive(root, "spike/storage/v1");
      AeadKey c = AeadKey.derive(root, "spike/other/v1");
      AeadKey d = AeadKey.derive(otherRoot, "spike/storage/v1");
      assertThat(a.equalsKey(b)).isTrue();
      assertThat(a.equalsKey(c)).isFalse();
      assertThat(a.keyId()).isNotEqualTo(d.keyId());
      byte[] raw = root.revealBytes(InsecureSecretAccess.get());
      assertThat(a.revealBytes(InsecureSecretAccess.get())).isNotEqualTo(raw);
      byte[] ct = AesGcmAead.create(a).seal(utf8("v"), AAD);
      assertThat(AesGcmAead.create(b).open(ct, AAD)).isEqualTo(utf8("v"));
      assertThatThrownBy(() -> AesGcmAead.create(d).open(ct, AAD))
          .isInstanceOf(UnknownKeyIdException.class);
    }
  }

  @Test
  void derive_knownAnswer_rfc5869StyleHkdf() throws Exception {
    // HKDF-SHA256(ikm = 0x01..0x20, salt = none, info = "spike/storage/v1"), independently
    // computed with Python's hmac module.
    byte[] seq = new byte[32];
    for (int i = 0; i < 32; i++) {
      seq[i] = (byte) (i + 1);
    }
    try (RootKey root = RootKey.of(SecretBytes.copyOf(seq, InsecureSecretAccess.get()))) {
      AeadKey k = AeadKey.derive(root, "spike/storage/v1");
      assertThat(java.util.HexFormat.of().formatHex(k.revealBytes(InsecureSecretAccess.get())))
          .isEqualTo(DERIVED_HEX);
    }
  }

  static final String DERIVED_HEX =
      "c881bc55b6dd747702f4065b31950f50298048d67fbaa999f62ea119f213737d";

  @Test
  void of_wrongSize_throws() {
    assertThatThrownBy(
            () -> AeadKey.of(1, SecretBytes.copyOf(new byte[16], InsecureSecretAccess.get())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes, was 16");
  }

  @Test
  void toString_doesNotRevealBytes() {
    byte[] raw = new byte[32];
    Arrays.fill(raw, (byte) 0xab);
    AeadKey k = AeadKey.of(0x1234, SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
    assertThat(k.toString()).isEqualTo("AeadKey[id=0x00001234]").doesNotContain("ab");
    assertThat(AesGcmAead.create(k).toString()).doesNotContain("abab");
  }

  @Test
  void aad_encodingIsUnambiguous() {
    assertThat(Aad.of("a/b", "c").encoded()).isNotEqualTo(Aad.of("a", "b/c").encoded());
    assertThat(Aad.of("ab").encoded()).isNotEqualTo(Aad.of("a", "b").encoded());
    assertThat(Aad.of("a", "").encoded()).isNotEqualTo(Aad.of("a").encoded());
    assertThat(Aad.of("x", "y")).isEqualTo(Aad.of("x", "y"));
    assertThatThrownBy(Aad::of).isInstanceOf(IllegalArgumentException.class);
  }
}
