package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Proactive share refresh by a dealer, as ZF FROST's {@code refresh} module: new shares for the
 * same group key. The dealer draws a random polynomial {@code g} with {@code g(0) = 0}; each
 * participant adds {@code g(i)} to its share. Because the constant term is zero the group key is
 * unchanged, while old and new shares lie on different polynomials, so old shares stop working
 * together with new ones. Participants left out of the refresh are removed from the group. The
 * dealer never sees a signing share or the group secret.
 *
 * <p>Refresh does not erase what an attacker learned before: pre-refresh shares still combine with
 * each other. Delete the old key packages once the new ones have signed successfully.
 */
public final class Refresh {
  private Refresh() {}

  /**
   * Dealer side: creates refresh shares for {@code identifiers} and the refreshed public key
   * package.
   *
   * @param current the group's current public key package
   * @param identifiers the participants that stay in the group; at least the threshold, distinct,
   *     all current members
   * @throws InsufficientSignersException if fewer identifiers than the threshold are given
   * @throws SignerMismatchException for duplicate identifiers or non-members
   */
  public static RefreshOutput generate(
      PublicKeyPackage current, List<Identifier> identifiers, SecureRandom random)
      throws FrostException {
    requireNonNull(current, "current");
    requireNonNull(identifiers, "identifiers");
    requireNonNull(random, "random");
    int t = current.minSigners();
    if (identifiers.size() < t) {
      throw new InsufficientSignersException(identifiers.size(), t);
    }
    Set<Identifier> seen = new HashSet<>();
    for (Identifier id : identifiers) {
      if (!seen.add(requireNonNull(id, "identifier"))) {
        throw new SignerMismatchException("participant " + id + " appears twice");
      }
      if (current.verifyingShare(id).isEmpty()) {
        throw new SignerMismatchException("participant " + id + " is not in the group");
      }
    }
    Group g = Group.ed25519();
    List<Scalar> coefficients = new ArrayList<>();
    List<RefreshShare> shares = new ArrayList<>();
    try {
      coefficients.add(Scalar.zero());
      for (int j = 1; j < t; j++) {
        coefficients.add(TrustedDealer.randomScalar(random));
      }
      List<EdwardsPoint> commitments = new ArrayList<>();
      commitments.add(g.identity());
      for (int j = 1; j < t; j++) {
        commitments.add(g.multiplyBase(coefficients.get(j)));
      }
      Map<Identifier, VerifyingShare> refreshed = new TreeMap<>();
      for (Identifier id : identifiers) {
        Scalar delta = Polynomial.evaluate(coefficients, id);
        shares.add(new RefreshShare(id, delta, commitments));
        EdwardsPoint old = current.verifyingShare(id).orElseThrow().point();
        refreshed.put(id, VerifyingShare.of(g.add(old, g.multiplyBase(delta))));
      }
      return new RefreshOutput(shares, new PublicKeyPackage(refreshed, current.verifyingKey(), t));
    } catch (FrostException | RuntimeException e) {
      shares.forEach(RefreshShare::close);
      throw e;
    } finally {
      coefficients.forEach(Scalar::close);
    }
  }

  /**
   * Participant side: checks a refresh share against its commitment and the refreshed public key
   * package, and returns the new key package. The current key package is left open: close it once
   * the new one has proven itself.
   *
   * @throws SignerMismatchException if the refresh share is for another participant, or the
   *     refreshed package has another group key, threshold, or lacks this participant
   * @throws InvalidShareException if the refresh share fails its commitment or the new share does
   *     not match the refreshed verifying share
   */
  public static KeyPackage apply(RefreshShare share, KeyPackage current, PublicKeyPackage refreshed)
      throws FrostException {
    requireNonNull(share, "share");
    requireNonNull(current, "current");
    requireNonNull(refreshed, "refreshed");
    Identifier id = current.identifier();
    if (!share.identifier().equals(id)) {
      throw new SignerMismatchException(
          "refresh share for participant " + share.identifier() + " applied to participant " + id);
    }
    if (!refreshed.verifyingKey().equals(current.verifyingKey())
        || refreshed.minSigners() != current.minSigners()) {
      throw new SignerMismatchException(
          "the refreshed public key package belongs to another group or threshold");
    }
    if (share.commitments().size() != current.minSigners()) {
      throw new InvalidShareException(id, "the refresh commitment has the wrong degree");
    }
    VerifyingShare expected =
        refreshed
            .verifyingShare(id)
            .orElseThrow(
                () ->
                    new SignerMismatchException(
                        "participant " + id + " is not in the refreshed group"));
    Group g = Group.ed25519();
    if (!g.isIdentity(share.commitments().get(0))) {
      throw new InvalidShareException(id, "the refresh polynomial does not have a zero secret");
    }
    EdwardsPoint committed = Polynomial.evaluateCommitment(share.commitments(), id);
    if (!g.equal(committed, g.multiplyBase(share.value()))) {
      throw new InvalidShareException(id, "the refresh share does not match its commitment");
    }
    Scalar updated = current.signingShare().scalar().add(share.value());
    return KeyPackage.create(id, updated, expected, current.verifyingKey(), current.minSigners());
  }
}
