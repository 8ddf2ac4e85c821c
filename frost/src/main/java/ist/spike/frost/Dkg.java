package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Ciphersuite;
import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Distributed key generation without a trusted dealer (FROST paper figure 1 with Schnorr proofs of
 * knowledge, as ZF FROST's {@code keys::dkg}). Each participant runs three parts:
 *
 * <ol>
 *   <li>{@link #part1}: draw a random polynomial, broadcast its commitment and a proof of knowledge
 *       of the constant term;
 *   <li>{@link #part2}: check everybody's proof, send {@code f_i(j)} privately to each other
 *       participant {@code j};
 *   <li>{@link #part3}: check every received share against its sender's commitment and sum them
 *       into the signing share; derive every verifying share and the group key.
 * </ol>
 *
 * Round-1 packages need a broadcast channel (all participants must see the same ones); round-2
 * packages need confidential, authenticated point-to-point channels. Nobody ever holds the group
 * secret.
 */
public final class Dkg {
  private Dkg() {}

  /**
   * The outputs of part 1.
   *
   * @param secret keep in memory for part 2
   * @param broadcast send to every other participant
   */
  public record Part1(DkgRound1Secret secret, DkgRound1Package broadcast) {}

  /**
   * The outputs of part 2.
   *
   * @param secret keep in memory for part 3
   * @param packages one secret package per other participant, keyed by recipient
   */
  public record Part2(DkgRound2Secret secret, Map<Identifier, DkgRound2Package> packages) {}

  /**
   * The outputs of part 3.
   *
   * @param keyPackage this participant's key package (secret)
   * @param publicKeyPackage the group's public key package, identical for every participant
   */
  public record Result(KeyPackage keyPackage, PublicKeyPackage publicKeyPackage) {}

  /**
   * Part 1: draws this participant's polynomial and proves knowledge of its constant term.
   *
   * @throws IllegalArgumentException for invalid counts
   */
  public static Part1 part1(
      Identifier identifier, int maxSigners, int minSigners, SecureRandom random) {
    requireNonNull(identifier, "identifier");
    requireNonNull(random, "random");
    KeyPackage.checkMinSigners(minSigners);
    if (maxSigners < minSigners || maxSigners > 65535) {
      throw new IllegalArgumentException(
          "maxSigners must be in " + minSigners + "..65535, got " + maxSigners);
    }
    List<Scalar> coefficients = new ArrayList<>();
    for (int j = 0; j < minSigners; j++) {
      coefficients.add(TrustedDealer.randomScalar(random));
    }
    try (Scalar k = TrustedDealer.randomScalar(random)) {
      return part1With(identifier, maxSigners, coefficients, k);
    }
  }

  /** Part 1 with given coefficients and proof nonce; package-private for vector tests. */
  static Part1 part1With(
      Identifier identifier, int maxSigners, List<Scalar> coefficients, Scalar k) {
    Group g = Group.ed25519();
    List<EdwardsPoint> points = new ArrayList<>();
    for (Scalar a : coefficients) {
      points.add(g.multiplyBase(a));
    }
    VssCommitment commitment = new VssCommitment(points);
    EdwardsPoint r = g.multiplyBase(k);
    try (Scalar c =
            Ciphersuite.hdkg(identifier.toBytes(), g.serialize(points.get(0)), g.serialize(r));
        Scalar ac = coefficients.get(0).multiply(c);
        Scalar mu = k.add(ac)) {
      return new Part1(
          new DkgRound1Secret(identifier, coefficients, commitment, maxSigners),
          new DkgRound1Package(commitment, r, mu));
    } catch (InvalidElementException e) {
      coefficients.forEach(Scalar::close);
      throw new IllegalStateException("a random secret or nonce was zero", e);
    }
  }

  /**
   * Part 2: checks every other participant's round-1 package and computes the secret share for each
   * of them. Wipes {@code secret}.
   *
   * @param received round-1 packages of all other participants, keyed by sender
   * @throws SignerMismatchException if the packages do not come from exactly the other {@code
   *     maxSigners - 1} participants
   * @throws InvalidShareException naming a sender whose proof of knowledge fails or whose
   *     commitment has the wrong length
   */
  public static Part2 part2(DkgRound1Secret secret, Map<Identifier, DkgRound1Package> received)
      throws FrostException {
    requireNonNull(secret, "secret");
    requireNonNull(received, "received");
    try {
      Identifier me = secret.identifier();
      checkOthers(me, received.keySet(), secret.maxSigners());
      for (Map.Entry<Identifier, DkgRound1Package> e : received.entrySet()) {
        checkRound1(e.getKey(), e.getValue(), secret.minSigners());
      }
      Map<Identifier, DkgRound2Package> out = new LinkedHashMap<>();
      for (Identifier other : new TreeMap<>(received).keySet()) {
        out.put(
            other,
            new DkgRound2Package(me, other, Polynomial.evaluate(secret.coefficients(), other)));
      }
      Scalar own = Polynomial.evaluate(secret.coefficients(), me);
      return new Part2(new DkgRound2Secret(me, own, secret.commitment(), secret.maxSigners()), out);
    } finally {
      secret.close();
    }
  }

  /**
   * Part 3: checks each received share against its sender's commitment, sums them into this
   * participant's signing share, and derives the group's public key package. Wipes {@code secret}.
   *
   * @param round1 the same round-1 packages given to {@link #part2}
   * @param round2 the secret packages received from every other participant, keyed by sender
   * @throws SignerMismatchException if the senders do not match the round-1 senders, or a package
   *     is addressed to someone else
   * @throws InvalidShareException naming a sender whose share fails its commitment
   */
  public static Result part3(
      DkgRound2Secret secret,
      Map<Identifier, DkgRound1Package> round1,
      Map<Identifier, DkgRound2Package> round2)
      throws FrostException {
    requireNonNull(secret, "secret");
    requireNonNull(round1, "round1");
    requireNonNull(round2, "round2");
    Group g = Group.ed25519();
    Identifier me = secret.identifier();
    try {
      checkOthers(me, round1.keySet(), secret.maxSigners());
      if (!round2.keySet().equals(round1.keySet())) {
        throw new SignerMismatchException(
            "round-2 packages from "
                + new TreeMap<>(round2).keySet()
                + " but round-1 packages from "
                + new TreeMap<>(round1).keySet());
      }
      int t = secret.commitment().minSigners();
      Scalar share = secret.ownShare().copy();
      try {
        for (Map.Entry<Identifier, DkgRound2Package> e : round2.entrySet()) {
          Identifier sender = e.getKey();
          DkgRound2Package p = e.getValue();
          if (!p.recipient().equals(me) || !p.sender().equals(sender)) {
            throw new SignerMismatchException(
                "a round-2 package from " + p.sender() + " to " + p.recipient() + " reached " + me);
          }
          VssCommitment c = round1.get(sender).commitment();
          if (c.minSigners() != t) {
            throw new InvalidShareException(sender, "commitment has the wrong number of terms");
          }
          EdwardsPoint expected = Polynomial.evaluateCommitment(c.points(), me);
          if (!g.equal(expected, g.multiplyBase(p.value()))) {
            throw new InvalidShareException(
                sender, "the share sent to " + me + " does not match the sender's commitment");
          }
          Scalar next = share.add(p.value());
          share.close();
          share = next;
        }
      } catch (FrostException | RuntimeException e) {
        share.close();
        throw e;
      }
      List<EdwardsPoint> groupCommitment = new ArrayList<>(secret.commitment().points());
      for (DkgRound1Package p : round1.values()) {
        for (int k = 0; k < t; k++) {
          groupCommitment.set(k, g.add(groupCommitment.get(k), p.commitment().points().get(k)));
        }
      }
      VerifyingKey groupKey = VerifyingKey.of(groupCommitment.get(0));
      Map<Identifier, VerifyingShare> shares = new TreeMap<>();
      List<Identifier> everyone = new ArrayList<>(round1.keySet());
      everyone.add(me);
      for (Identifier id : everyone) {
        shares.put(id, VerifyingShare.of(Polynomial.evaluateCommitment(groupCommitment, id)));
      }
      KeyPackage kp = KeyPackage.create(me, share, shares.get(me), groupKey, t);
      return new Result(kp, new PublicKeyPackage(shares, groupKey, t));
    } finally {
      secret.close();
    }
  }

  private static void checkOthers(Identifier me, Set<Identifier> others, int maxSigners)
      throws SignerMismatchException {
    if (others.contains(me)) {
      throw new SignerMismatchException("participant " + me + " received its own package");
    }
    if (others.size() != maxSigners - 1) {
      throw new SignerMismatchException(
          "expected packages from "
              + (maxSigners - 1)
              + " other participants, got "
              + others.size());
    }
  }

  private static void checkRound1(Identifier sender, DkgRound1Package p, int minSigners)
      throws InvalidShareException {
    if (p.commitment().minSigners() != minSigners) {
      throw new InvalidShareException(
          sender,
          "commitment has " + p.commitment().minSigners() + " terms; threshold is " + minSigners);
    }
    if (!p.proofIsValid(sender)) {
      throw new InvalidShareException(sender, "invalid proof of knowledge");
    }
  }
}
