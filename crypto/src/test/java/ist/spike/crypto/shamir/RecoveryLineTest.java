package ist.spike.crypto.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecoveryLineTest {
  private static final String HEX64 =
      "4eb0fc09039f4aff8d88e84edac4a127ea35f3508bfcac786b335eb29b2a3925";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void format_noTrailingNewline_lowercase() throws Exception {
    Shard s =
        Shard.of(
            12, SecretBytes.copyOf(HexFormat.of().parseHex(HEX64), InsecureSecretAccess.get()));
    assertThat(
            new String(
                RecoveryLine.format(s, InsecureSecretAccess.get()), StandardCharsets.US_ASCII))
        .isEqualTo("spike:12:" + HEX64);
    assertThat(RecoveryLine.fileName(12)).isEqualTo("spike.recovery.12.txt");
  }

  @Test
  void parse_surroundingWhitespaceAndUppercase_accepted() throws Exception {
    try (Shard s = RecoveryLine.parse(ascii("  \tspike:2:" + HEX64.toUpperCase() + "\r\n"))) {
      assertThat(s.index()).isEqualTo(2);
      assertThat(HexFormat.of().formatHex(s.revealValue(InsecureSecretAccess.get())))
          .isEqualTo(HEX64);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "spike",
        "spike:1",
        "spike1" + HEX64,
        "spoke:1:" + HEX64,
        "spike:0:" + HEX64,
        "spike:-1:" + HEX64,
        "spike:+1:" + HEX64,
        "spike::" + HEX64,
        "spike:x:" + HEX64,
        "spike:1:" + HEX64 + "00",
        "spike:1:" + "a" + HEX64,
        "spike:1:" + "zz" + "f236f32fa2a813f8bcb40fbaf87b2f4ded823a83c257443fea67d20d4c431e9",
        "spike:1:" + "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "spike:1:" + "0000000000000000000000000000000000000000000000000000000000000000",
        "spike:1:4eb0fc09 039f4aff8d88e84edac4a127ea35f3508bfcac786b335eb29b2a3925",
        "spike:1:" + HEX64 + ":extra",
        "spike:9999999999:" + HEX64,
      })
  void parse_malformed_throwsWithoutEchoingHex(String line) {
    assertThatThrownBy(() -> RecoveryLine.parse(ascii(line)))
        .isInstanceOf(InvalidShardException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain(HEX64.substring(8, 24));
              assertThat(e.getMessage()).doesNotContainIgnoringCase("fffffff00000000");
            });
  }

  @Test
  void parse_everyByteValue_roundTripsThroughHex() throws Exception {
    for (int b = 1; b < 256; b++) {
      byte[] v = new byte[32];
      java.util.Arrays.fill(v, (byte) b);
      v[0] = 0x10; // keep the value below n
      Shard s = Shard.of(7, SecretBytes.copyOf(v, InsecureSecretAccess.get()));
      byte[] line = RecoveryLine.format(s, InsecureSecretAccess.get());
      assertThat(new String(line, StandardCharsets.US_ASCII))
          .isEqualTo("spike:7:" + HexFormat.of().formatHex(v));
      try (Shard parsed = RecoveryLine.parse(line)) {
        assertThat(parsed.equalsSecret(s)).isTrue();
      }
      String upper = "spike:7:" + HexFormat.of().withUpperCase().formatHex(v);
      try (Shard parsed = RecoveryLine.parse(upper.getBytes(StandardCharsets.US_ASCII))) {
        assertThat(parsed.equalsSecret(s)).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"g", "G", "/", ":", "@", "`", "{", "\u00e9", " "})
  void parse_nonHexCharacter_throws(String bad) {
    String line = "spike:1:" + bad + HEX64.substring(1);
    assertThatThrownBy(() -> RecoveryLine.parse(line.toCharArray()))
        .isInstanceOf(InvalidShardException.class)
        .hasMessage("recovery line value must contain only hex digits 0-9a-f");
  }

  @Test
  void parse_tooLong_throws() {
    assertThatThrownBy(() -> RecoveryLine.parse(new byte[5000]))
        .isInstanceOf(InvalidShardException.class)
        .hasMessageContaining("at most 4096");
  }

  @Test
  void parse_charArray_sameAsBytes() throws Exception {
    try (Shard s = RecoveryLine.parse(("spike:3:" + HEX64).toCharArray())) {
      assertThat(s.index()).isEqualTo(3);
    }
  }
}
