package ist.spike.frost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ScalarTest {
  private static final BigInteger L = Scalar.ORDER;

  private static BigInteger le(byte[] bytes) {
    byte[] be = new byte[bytes.length + 1];
    for (int i = 0; i < bytes.length; i++) {
      be[bytes.length - i] = bytes[i];
    }
    return new BigInteger(be);
  }

  @Property(tries = 200)
  void fromBytesModOrderWide_anyInput_matchesBigIntegerReduction(@ForAll @Size(64) byte[] wide) {
    assertThat(Scalar.fromBytesModOrderWide(wide).toBigIntegerPublic()).isEqualTo(le(wide).mod(L));
  }

  @Property(tries = 200)
  void arithmetic_randomValues_matchesBigInteger(
      @ForAll @Size(64) byte[] a, @ForAll @Size(64) byte[] b) {
    Scalar x = Scalar.fromBytesModOrderWide(a);
    Scalar y = Scalar.fromBytesModOrderWide(b);
    BigInteger bx = le(a).mod(L);
    BigInteger by = le(b).mod(L);
    assertThat(x.add(y).toBigIntegerPublic()).isEqualTo(bx.add(by).mod(L));
    assertThat(x.subtract(y).toBigIntegerPublic()).isEqualTo(bx.subtract(by).mod(L));
    assertThat(x.multiply(y).toBigIntegerPublic()).isEqualTo(bx.multiply(by).mod(L));
    assertThat(x.negate().toBigIntegerPublic()).isEqualTo(bx.negate().mod(L));
  }

  @Test
  void arithmetic_edgeValues_matchesBigInteger() {
    Scalar max = Scalar.fromBigInteger(L.subtract(BigInteger.ONE));
    assertThat(max.add(Scalar.one()).isZero()).isEqualTo(1);
    assertThat(max.multiply(max).toBigIntegerPublic()).isEqualTo(BigInteger.ONE);
    assertThat(Scalar.zero().subtract(Scalar.one()).equalsConstantTime(max)).isTrue();
    assertThat(Scalar.zero().negate().isZero()).isEqualTo(1);
  }

  @Test
  void fromCanonicalBytes_orderOrAbove_rejected() {
    byte[] order =
        HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    assertThat(Scalar.fromCanonicalBytes(order)).isNull();
    byte[] topBits = new byte[32];
    topBits[31] = (byte) 0xe0;
    assertThat(Scalar.fromCanonicalBytes(topBits)).isNull();
    order[0]--; // L - 1
    assertThat(Scalar.fromCanonicalBytes(order)).isNotNull();
    assertThat(Scalar.fromCanonicalBytes(new byte[31])).isNull();
  }

  @Test
  void close_anyScalar_wipesLimbs() {
    Scalar s = Scalar.fromBigInteger(BigInteger.valueOf(123456789));
    assertThat(s.isWiped()).isFalse();
    s.close();
    assertThat(s.isWiped()).isTrue();
    assertThat(s.toBytes()).containsOnly(0);
  }

  @Test
  void toString_doesNotRevealBytes() {
    Scalar s = Scalar.fromBigInteger(BigInteger.valueOf(0xabcdef));
    assertThat(s.toString()).doesNotContain("abcdef").doesNotContain("efcdab");
  }
}
