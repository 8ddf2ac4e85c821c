package ist.spike.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class ConstantTimeTest {
  @Property(tries = 300)
  void lessThan_agreesWithBigInteger(@ForAll @Size(4) byte[] a, @ForAll @Size(4) byte[] b) {
    boolean expected = new BigInteger(1, a).compareTo(new BigInteger(1, b)) < 0;
    assertThat(ConstantTime.lessThan(a, b)).isEqualTo(expected);
  }

  @Property(tries = 100)
  void isZero_agreesWithBigInteger(@ForAll @Size(3) byte[] a) {
    assertThat(ConstantTime.isZero(a)).isEqualTo(new BigInteger(1, a).signum() == 0);
  }
}
