package ist.spike.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.RootKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** After a rotation, SPIKE-format cipher texts made under any earlier generation still open. */
class SpikeCompatCipherRetiredKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Property(tries = 30)
  void textsOfEveryGeneration_openUnderTheLatestCipher_newTextsOnlyUnderTheLatestKey(
      @ForAll @IntRange(min = 1, max = 4) int rotations, @ForAll @Size(max = 64) List<Byte> message)
      throws Exception {
    byte[] pt = new byte[message.size()];
    for (int i = 0; i < pt.length; i++) {
      pt[i] = message.get(i);
    }
    List<RootKey> generations = new ArrayList<>();
    List<SpikeSealed> texts = new ArrayList<>();
    try {
      for (int g = 0; g <= rotations; g++) {
        RootKey key = RootKey.generate(RANDOM);
        generations.add(key);
        try (SpikeCompatCipher c = SpikeCompatCipher.create(key, RANDOM)) {
          texts.add(c.seal(pt));
        }
      }
      RootKey current = generations.get(rotations);
      List<RootKey> retired = new ArrayList<>(generations.subList(0, rotations)).reversed();
      try (SpikeCompatCipher latest = SpikeCompatCipher.create(current, retired, RANDOM)) {
        assertThat(latest.retiredKeys()).isEqualTo(rotations);
        for (SpikeSealed t : texts) {
          assertThat(latest.open(t)).isEqualTo(pt);
        }
        SpikeSealed fresh = latest.seal(pt);
        try (SpikeCompatCipher onlyCurrent = SpikeCompatCipher.create(current, RANDOM);
            SpikeCompatCipher onlyOld = SpikeCompatCipher.create(generations.get(0), RANDOM)) {
          assertThat(onlyCurrent.open(fresh)).isEqualTo(pt);
          assertThatThrownBy(() -> onlyOld.open(fresh))
              .isInstanceOf(DecryptionFailedException.class);
        }
        byte[] ct = texts.get(0).ciphertext().clone();
        ct[0] ^= 1;
        SpikeSealed changed = SpikeSealed.of(texts.get(0).nonce(), ct);
        assertThatThrownBy(() -> latest.open(changed))
            .isInstanceOf(DecryptionFailedException.class)
            .hasMessage("decryption failed");
      }
    } finally {
      generations.forEach(RootKey::close);
    }
  }
}
