package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.math.BigInteger;

/** FROST round 2 (RFC 9591 section 5.2): a signer computes its signature share. */
public final class Round2 {
  private Round2() {}

  /**
   * Checks the signing package against this signer's nonces, then computes {@code z_i = d_i +
   * e_i·rho_i + lambda_i·s_i·c}. The nonces are consumed and wiped, whatever the outcome of the
   * arithmetic; a failed check leaves them unused.
   *
   * @throws InsufficientSignersException if the package has fewer commitments than the threshold
   * @throws SignerMismatchException if the nonces belong to another signer
   * @throws MissingCommitmentException if the package has no commitment from this signer
   * @throws IncorrectCommitmentException if the package's commitment for this signer is not the one
   *     these nonces produced
   * @throws NonceReusedException if the nonces were used or closed before
   * @throws InvalidElementException if the group commitment is the identity
   */
  public static SignatureShare sign(
      SigningPackage signingPackage, SigningNonces nonces, KeyPackage keyPackage)
      throws FrostException {
    requireNonNull(signingPackage, "signingPackage");
    requireNonNull(nonces, "nonces");
    requireNonNull(keyPackage, "keyPackage");
    int have = signingPackage.commitments().size();
    if (have < keyPackage.minSigners()) {
      throw new InsufficientSignersException(have, keyPackage.minSigners());
    }
    Identifier me = keyPackage.identifier();
    if (!nonces.signer().equals(me)) {
      throw new SignerMismatchException(
          "nonces of signer " + nonces.signer() + " used with the key package of signer " + me);
    }
    SigningCommitments listed = signingPackage.commitments().get(me);
    if (listed == null) {
      throw new MissingCommitmentException(me);
    }
    if (!listed.equals(nonces.commitments())) {
      throw new IncorrectCommitmentException(me);
    }
    if (nonces.isSpent()) {
      throw new NonceReusedException();
    }
    Protocol.Session session = Protocol.compute(signingPackage, keyPackage.verifyingKey());
    Scalar rho = session.bindingFactors().get(me);
    Scalar lambda = Polynomial.lagrange(signingPackage.commitments().keySet(), me, BigInteger.ZERO);
    Scalar lambdaC = lambda.multiply(session.challenge());
    Scalar share = keyPackage.signingShare().scalar();
    return nonces.consume(
        (d, e) -> {
          try (Scalar eRho = e.multiply(rho);
              Scalar sLc = share.multiply(lambdaC);
              Scalar partial = d.add(eRho);
              Scalar z = partial.add(sLc)) {
            return new SignatureShare(z);
          }
        });
  }
}
