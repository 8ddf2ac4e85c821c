package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class VersionedKeyringPropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Aad AAD = Aad.of("spike/transit/v1", "orders");

  /** Keyrings for versions 1..n that share the same key bytes per version. */
  private static Map<Integer, AeadKey> versions(AeadKey[] base, int n) {
    Map<Integer, AeadKey> out = new HashMap<>();
    for (int v = 1; v <= n; v++) {
      out.put(v, copy(base[v - 1]));
    }
    return out;
  }

  private static AeadKey copy(AeadKey k) {
    byte[] raw = k.revealBytes(ist.spike.crypto.InsecureSecretAccess.get());
    try (var sb = ist.spike.crypto.SecretBytes.takeOwnership(raw)) {
      return AeadKey.of(k.keyId(), sb);
    }
  }

  private static AeadKey[] base(int n) {
    AeadKey[] keys = new AeadKey[n];
    for (int i = 0; i < n; i++) {
      keys[i] = AeadKey.generate(i + 1, RANDOM);
    }
    return keys;
  }

  @Property(tries = 100)
  void decrypt_afterEncryptAtAnyVersion_roundTripsAfterLaterRotations(
      @ForAll @Size(max = 200) byte[] plaintext,
      @ForAll @IntRange(min = 1, max = 6) int madeAt,
      @ForAll @IntRange(min = 0, max = 4) int rotationsAfter)
      throws Exception {
    AeadKey[] base = base(madeAt + rotationsAfter);
    TransitCiphertext ct;
    try (VersionedKeyring early = VersionedKeyring.of(versions(base, madeAt), 1)) {
      ct = early.encrypt(plaintext, AAD);
      assertThat(ct.version()).isEqualTo(madeAt);
    }
    TransitCiphertext parsed = TransitCiphertext.parse(ct.format(), 1 << 16);
    try (VersionedKeyring later = VersionedKeyring.of(versions(base, madeAt + rotationsAfter), 1)) {
      assertThat(later.decrypt(parsed, AAD)).isEqualTo(plaintext);
    }
  }

  @Property(tries = 100)
  void rewrap_anyOlderVersion_latestVersionSamePlaintext(
      @ForAll @Size(max = 200) byte[] plaintext,
      @ForAll @IntRange(min = 1, max = 5) int madeAt,
      @ForAll @IntRange(min = 1, max = 4) int rotationsAfter)
      throws Exception {
    AeadKey[] base = base(madeAt + rotationsAfter);
    int latest = madeAt + rotationsAfter;
    try (VersionedKeyring ring = VersionedKeyring.of(versions(base, latest), 1);
        VersionedKeyring early = VersionedKeyring.of(versions(base, madeAt), 1)) {
      TransitCiphertext old = early.encrypt(plaintext, AAD);
      TransitCiphertext rewrapped = ring.rewrap(old, AAD);
      assertThat(rewrapped.version()).isEqualTo(latest);
      assertThat(rewrapped.format()).startsWith("spike:v" + latest + ":");
      assertThat(ring.decrypt(rewrapped, AAD)).isEqualTo(plaintext);
      // raising the minimum to the latest retires the old ciphertext but not the rewrapped one
      try (VersionedKeyring raised = VersionedKeyring.of(versions(base, latest), latest)) {
        assertThat(raised.decrypt(rewrapped, AAD)).isEqualTo(plaintext);
        assertThatThrownBy(() -> raised.decrypt(old, AAD))
            .isInstanceOf(KeyVersionRetiredException.class)
            .hasMessageContaining("minimum decryption version is " + latest);
      }
    }
  }

  @Property(tries = 50)
  void decrypt_otherKeyName_fails(@ForAll @Size(max = 64) byte[] plaintext) throws Exception {
    try (VersionedKeyring ring = VersionedKeyring.of(versions(base(1), 1), 1)) {
      TransitCiphertext ct = ring.encrypt(plaintext, AAD);
      assertThatThrownBy(() -> ring.decrypt(ct, Aad.of("spike/transit/v1", "other")))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }

  @Property(tries = 50)
  void decrypt_textVersionChanged_refused(@ForAll @Size(max = 64) byte[] plaintext)
      throws Exception {
    try (VersionedKeyring ring = VersionedKeyring.of(versions(base(2), 2), 1)) {
      TransitCiphertext ct = ring.encrypt(plaintext, AAD);
      TransitCiphertext lying = new TransitCiphertext(1, ct.sealed());
      assertThatThrownBy(() -> ring.decrypt(lying, AAD))
          .isInstanceOf(DecryptionFailedException.class);
    }
  }
}
