package ist.spike.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.Provider;
import java.security.Security;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code scalar * G} is the same point whichever provider's ECDH computes it (ADR 0215): Conscrypt
 * when a process installed it, the JDK's otherwise.
 */
class P256PointProvidersTest {
  private static final BigInteger N = P256.ORDER;
  private static final Provider CONSCRYPT = conscryptOrNull();

  private static Provider conscryptOrNull() {
    try {
      return org.conscrypt.Conscrypt.newProvider();
    } catch (Throwable e) {
      return null; // no native library for this platform: the JDK path is all there is
    }
  }

  @Provide
  Arbitrary<BigInteger> scalars() {
    BigInteger nMinus1 = N.subtract(BigInteger.ONE);
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ONE, nMinus1),
        Arbitraries.of(BigInteger.ONE, BigInteger.TWO, nMinus1, nMinus1.subtract(BigInteger.ONE)));
  }

  private static byte[] bytes(BigInteger k) {
    byte[] raw = k.toByteArray();
    byte[] out = new byte[P256.SCALAR_BYTES];
    int len = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - len, out, out.length - len, len);
    return out;
  }

  @Property(tries = 60)
  void conscryptAndJdk_giveTheSamePoint(@ForAll("scalars") BigInteger k) {
    Assumptions.assumeTrue(CONSCRYPT != null, "Conscrypt loads here");
    P256Point jdk = P256Point.timesGenerator(bytes(k), null);
    P256Point conscrypt = P256Point.timesGenerator(bytes(k), CONSCRYPT);

    assertThat(conscrypt).isEqualTo(jdk);
    // and the public arithmetic agrees: k * G computed from G with BigInteger
    assertThat(P256Point.GENERATOR.times(k)).isEqualTo(jdk);
  }

  @Test
  void edgeScalars_sameOnBothProviders() {
    Assumptions.assumeTrue(CONSCRYPT != null, "Conscrypt loads here");
    byte[] one = bytes(BigInteger.ONE);
    byte[] minusOne = bytes(N.subtract(BigInteger.ONE));

    assertThat(P256Point.timesGenerator(one, CONSCRYPT)).isEqualTo(P256Point.GENERATOR);
    assertThat(P256Point.timesGenerator(minusOne, CONSCRYPT))
        .isEqualTo(P256Point.GENERATOR.negate());
    assertThat(P256Point.timesGenerator(new byte[32], CONSCRYPT)).isEqualTo(P256Point.INFINITY);
  }

  @Test
  void ecdhProvider_conscryptOnlyOnceInstalled() {
    Assumptions.assumeTrue(CONSCRYPT != null, "Conscrypt loads here");
    assertThat(Security.getProvider("Conscrypt")).isNull();
    assertThat(P256Point.ecdhProvider()).isNull();
    Security.addProvider(CONSCRYPT); // last, as the servers install it
    try {
      assertThat(P256Point.ecdhProvider()).isSameAs(CONSCRYPT);
      assertThat(P256Point.timesGenerator(bytes(BigInteger.TWO)))
          .isEqualTo(P256Point.GENERATOR.add(P256Point.GENERATOR));
    } finally {
      Security.removeProvider("Conscrypt");
    }
  }

  @AfterProperty
  void noProviderLeftInstalled() {
    assertThat(Security.getProvider("Conscrypt")).isNull();
  }
}
