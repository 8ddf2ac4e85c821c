package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trusted-dealer key generation with verifiable secret sharing (RFC 9591 appendix C). The dealer
 * draws the group secret and a random polynomial, hands each participant {@code f(i)}, publishes
 * the Feldman commitment, checks every share against it, and overwrites the group secret and the
 * coefficients with zeros before returning. The group secret never leaves this class.
 */
public final class TrustedDealer {
  private TrustedDealer() {}

  /**
   * Creates a {@code minSigners}-of-{@code maxSigners} group with identifiers {@code
   * 1..maxSigners}.
   *
   * @param maxSigners number of participants, {@code minSigners..65535}
   * @param minSigners threshold, at least 2
   * @param random source of the secret and the coefficients
   * @throws IllegalArgumentException for invalid counts
   */
  public static DealerOutput generate(int maxSigners, int minSigners, SecureRandom random) {
    requireNonNull(random, "random");
    KeyPackage.checkMinSigners(minSigners);
    if (maxSigners < minSigners || maxSigners > 65535) {
      throw new IllegalArgumentException(
          "maxSigners must be in " + minSigners + "..65535, got " + maxSigners);
    }
    List<Identifier> ids = new ArrayList<>();
    for (int i = 1; i <= maxSigners; i++) {
      ids.add(Identifier.of(i));
    }
    List<Scalar> coefficients = new ArrayList<>();
    for (int j = 0; j < minSigners; j++) {
      coefficients.add(randomScalar(random));
    }
    try {
      return split(coefficients, ids);
    } catch (FrostException e) {
      throw new IllegalStateException("freshly dealt shares failed verification", e);
    }
  }

  /** A uniformly random non-zero scalar (64 random bytes reduced mod L). */
  static Scalar randomScalar(SecureRandom random) {
    byte[] wide = new byte[64];
    while (true) {
      random.nextBytes(wide);
      Scalar s = Scalar.fromBytesModOrderWide(wide);
      if (s.isZero() == 0) {
        Arrays.fill(wide, (byte) 0);
        return s;
      }
      s.close();
    }
  }

  /**
   * Shares {@code coefficients[0]} (the group secret) with the polynomial given by all of {@code
   * coefficients}. Always closes every coefficient, including on failure. Package-private so that
   * tests can replay RFC 9591 vectors.
   */
  static DealerOutput split(List<Scalar> coefficients, List<Identifier> ids) throws FrostException {
    Group g = Group.ed25519();
    List<KeyPackage> packages = new ArrayList<>();
    try {
      List<EdwardsPoint> commitments = new ArrayList<>();
      for (Scalar a : coefficients) {
        commitments.add(g.multiplyBase(a));
      }
      VssCommitment vss = new VssCommitment(commitments);
      VerifyingKey groupKey = vss.verifyingKey();
      int minSigners = coefficients.size();
      Map<Identifier, VerifyingShare> shares = new LinkedHashMap<>();
      for (Identifier id : ids) {
        Scalar s = Polynomial.evaluate(coefficients, id);
        VerifyingShare vs = VerifyingShare.of(g.multiplyBase(s));
        KeyPackage kp = KeyPackage.create(id, s, vs, groupKey, minSigners);
        packages.add(kp);
        vss.verify(kp);
        shares.put(id, vs);
      }
      return new DealerOutput(packages, new PublicKeyPackage(shares, groupKey, minSigners), vss);
    } catch (FrostException | RuntimeException e) {
      packages.forEach(KeyPackage::close);
      throw e;
    } finally {
      coefficients.forEach(Scalar::close);
    }
  }
}
