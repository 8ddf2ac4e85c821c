package ist.spike.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SecretHexTest {
  @Property(tries = 200)
  void encode_anyBytes_matchesHexFormatLowerCase(@ForAll @Size(max = 64) byte[] secret) {
    String expected = HexFormat.of().formatHex(secret);
    assertThat(new String(SecretHex.encode(secret), StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void decodeInto_anyCase_roundTrips(@ForAll @Size(max = 64) byte[] secret, @ForAll boolean upper) {
    String hex = HexFormat.of().formatHex(secret);
    char[] in = ("xx" + (upper ? hex.toUpperCase(Locale.ROOT) : hex)).toCharArray();
    byte[] out = new byte[secret.length];
    assertThat(SecretHex.decodeInto(in, 2, out)).isTrue();
    assertThat(out).isEqualTo(secret);
  }

  @Test
  void decodeInto_nonHexCharacter_returnsFalseAndZeroesOutput() {
    for (char bad : new char[] {'g', 'G', ' ', ':', '/', '@', '`', '\u0100', '\u0130'}) {
      char[] in = ("ff" + bad + "f").toCharArray();
      byte[] out = new byte[2];
      assertThat(SecretHex.decodeInto(in, 0, out)).as("char %s", (int) bad).isFalse();
      assertThat(out).as("char %s", (int) bad).containsOnly(0);
    }
  }

  @Test
  void encodeIntoAndDecodeInto_tooShort_throwIndexOutOfBounds() {
    assertThatThrownBy(() -> SecretHex.encodeInto(new byte[2], new byte[4], 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> SecretHex.decodeInto(new char[3], 0, new byte[2]))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
