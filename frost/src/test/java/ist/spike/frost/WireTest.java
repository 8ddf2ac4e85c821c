package ist.spike.frost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WireTest {
  @Property(tries = 200)
  void varint_anyThreshold_roundTripsAndMatchesKeyPackageLength(
      @ForAll @IntRange(min = 0, max = 65535) int value) throws Exception {
    byte[] encoded = new Wire.Writer().varint(value).toByteArray();
    assertThat(encoded).hasSize(KeyPackage.varintLength(value));
    Wire.Reader r = new Wire.Reader(encoded, "test");
    assertThat(r.varint(65535)).isEqualTo(value);
    r.end();
  }

  @Test
  void varint_nonMinimalOrTooLarge_rejected() {
    byte[] nonMinimal = HexFormat.of().parseHex("8000");
    assertThatThrownBy(() -> new Wire.Reader(nonMinimal, "test").varint(65535))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("non-minimal");
    byte[] big = new Wire.Writer().varint(65536).toByteArray();
    assertThatThrownBy(() -> new Wire.Reader(big, "test").varint(65535))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("exceeds");
    byte[] truncated = HexFormat.of().parseHex("80");
    assertThatThrownBy(() -> new Wire.Reader(truncated, "test").varint(65535))
        .isInstanceOf(MalformedEncodingException.class)
        .hasMessageContaining("truncated");
  }
}
