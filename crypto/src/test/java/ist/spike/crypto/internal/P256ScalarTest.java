package ist.spike.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class P256ScalarTest {
  private static final BigInteger N = P256.ORDER;

  @Provide
  Arbitrary<BigInteger> scalars() {
    BigInteger nMinus1 = N.subtract(BigInteger.ONE);
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ZERO, nMinus1),
        Arbitraries.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            nMinus1,
            nMinus1.subtract(BigInteger.ONE),
            BigInteger.ONE.shiftLeft(255),
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
            N.shiftRight(1)));
  }

  private static long[] load(BigInteger v) {
    long[] out = new long[P256Scalar.LIMBS];
    P256Scalar.fromBytes(bytes(v), out);
    return out;
  }

  private static byte[] bytes(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static BigInteger store(long[] a) {
    byte[] out = new byte[32];
    P256Scalar.toBytes(a, out);
    return new BigInteger(1, out);
  }

  @Property(tries = 500)
  void roundTrip_bytesToLimbsAndBack(@ForAll("scalars") BigInteger a) {
    assertThat(store(load(a))).isEqualTo(a);
  }

  @Property(tries = 500)
  void add_matchesBigInteger(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
    long[] out = new long[4];
    P256Scalar.add(load(a), load(b), out);
    assertThat(store(out)).isEqualTo(a.add(b).mod(N));
  }

  @Property(tries = 500)
  void mul_matchesBigInteger(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
    long[] out = new long[4];
    P256Scalar.mul(load(a), load(b), out);
    assertThat(store(out)).isEqualTo(a.multiply(b).mod(N));
  }

  @Property(tries = 200)
  void mul_aliasedOutput_matchesBigInteger(@ForAll("scalars") BigInteger a) {
    long[] x = load(a);
    P256Scalar.mul(x, x, x);
    assertThat(store(x)).isEqualTo(a.multiply(a).mod(N));
  }

  @Test
  void fromLong_smallValues() {
    for (long v : new long[] {0, 1, 2, 1000, Long.MAX_VALUE}) {
      long[] out = new long[4];
      P256Scalar.fromLong(v, out);
      assertThat(store(out)).isEqualTo(BigInteger.valueOf(v));
    }
  }
}
