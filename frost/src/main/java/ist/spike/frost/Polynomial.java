package ist.spike.frost;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/** Polynomial evaluation and Lagrange coefficients, the arithmetic behind Shamir sharing. */
final class Polynomial {
  private Polynomial() {}

  /**
   * Evaluates {@code a_0 + a_1 x + ...} at an identifier by Horner's rule. Constant time in the
   * (secret) coefficients; the identifier is public. The caller closes the result.
   */
  static Scalar evaluate(List<Scalar> coefficients, Identifier x) {
    try (Scalar xs = x.toScalar()) {
      Scalar acc = coefficients.get(coefficients.size() - 1).copy();
      for (int j = coefficients.size() - 2; j >= 0; j--) {
        Scalar times = acc.multiply(xs);
        acc.close();
        acc = times.add(coefficients.get(j));
        times.close();
      }
      return acc;
    }
  }

  /** Evaluates a commitment {@code C_0 + [x]C_1 + [x^2]C_2 + ...} (public data). */
  static EdwardsPoint evaluateCommitment(List<EdwardsPoint> commitments, Identifier x) {
    Group g = Group.ed25519();
    try (Scalar xs = x.toScalar()) {
      EdwardsPoint acc = commitments.get(commitments.size() - 1);
      for (int j = commitments.size() - 2; j >= 0; j--) {
        acc = g.add(g.multiply(acc, xs), commitments.get(j));
      }
      return acc;
    }
  }

  /**
   * The Lagrange coefficient of {@code i} over {@code set}, evaluated at {@code x}: {@code prod_{j
   * != i} (x - x_j) / (x_i - x_j) mod L}. At {@code x = 0} this is RFC 9591's {@code
   * derive_interpolating_value}. Identifiers are public, so BigInteger arithmetic is fine here.
   */
  static Scalar lagrange(Collection<Identifier> set, Identifier i, BigInteger x) {
    BigInteger l = Scalar.ORDER;
    BigInteger num = BigInteger.ONE;
    BigInteger den = BigInteger.ONE;
    for (Identifier j : set) {
      if (j.equals(i)) {
        continue;
      }
      num = num.multiply(x.subtract(j.value())).mod(l);
      den = den.multiply(i.value().subtract(j.value())).mod(l);
    }
    return Scalar.fromBigInteger(num.multiply(den.modInverse(l)));
  }
}
