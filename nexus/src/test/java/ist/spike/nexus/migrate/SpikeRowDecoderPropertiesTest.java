package ist.spike.nexus.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import ist.spike.crypto.RootKey;
import ist.spike.crypto.aead.SpikeCompatCipher;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.assertj.core.api.Assertions;

class SpikeRowDecoderPropertiesTest {
  @Property(tries = 300)
  void time_goSqliteText_roundTripsToTheNanosecond(
      @ForAll @LongRange(min = 0, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos)
      throws Exception {
    Instant t = Instant.ofEpochSecond(seconds, nanos);
    String text = SpikeDbGenerator.GO_SQLITE_TIME.format(t);

    assertThat(SpikeRowDecoder.time("x", text)).isEqualTo(t);
  }

  @Property(tries = 50)
  void salted_metadataFields_useDistinctNoncesThatDecryptOnlyTheirOwnField(
      @ForAll byte[] seed, @ForAll @IntRange(min = 0, max = 1_000_000) int value) throws Exception {
    byte[] base = new byte[12];
    System.arraycopy(seed, 0, base, 0, Math.min(seed.length, 12));
    List<String> salts =
        List.of(
            SpikeRowDecoder.SALT_CURRENT,
            SpikeRowDecoder.SALT_OLDEST,
            SpikeRowDecoder.SALT_CREATED,
            SpikeRowDecoder.SALT_UPDATED,
            SpikeRowDecoder.SALT_MAX);
    assertThat(
            salts.stream()
                .map(s -> java.util.HexFormat.of().formatHex(SpikeRowDecoder.salted(base, s)))
                .distinct())
        .hasSize(5);
    try (RootKey key = RootKey.generate(new SecureRandom());
        SpikeCompatCipher c = SpikeCompatCipher.create(key)) {
      byte[] ct =
          c.insecureSealWithNonce(
                  SpikeRowDecoder.salted(base, SpikeRowDecoder.SALT_CURRENT),
                  Integer.toString(value).getBytes())
              .ciphertext();
      assertThat(new String(c.open(SpikeRowDecoder.salted(base, SpikeRowDecoder.SALT_CURRENT), ct)))
          .isEqualTo(Integer.toString(value));
      Assertions.assertThatThrownBy(
              () -> c.open(SpikeRowDecoder.salted(base, SpikeRowDecoder.SALT_OLDEST), ct))
          .isInstanceOf(java.security.GeneralSecurityException.class);
    }
  }
}
