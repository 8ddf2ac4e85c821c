package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repair of a lost share by the other holders, without anyone learning it or the group key: the
 * repairable threshold scheme of Laing and Stinson (ePrint 2017/1155), as in ZF FROST's {@code
 * repairable} module.
 *
 * <p>With helpers {@code H} (at least the threshold many) and the participant {@code p} who lost
 * its share: in step 1 each helper {@code i} splits {@code zeta_i·s_i} (its share times its
 * Lagrange coefficient at {@code x = p}) into random summands, one per helper; in step 2 each
 * helper sums the summands it received; in step 3 the participant sums the helpers' sums, which
 * gives {@code sum_i zeta_i·s_i = f(p)}, its original share, bit for bit. Each message is a random
 * value on its own, so no helper learns another's share or the repaired one. All messages must
 * travel over confidential, authenticated channels.
 */
public final class Repair {
  private Repair() {}

  /**
   * Step 1, run by each helper: computes the deltas to send to every helper (itself included).
   *
   * @param helpers the helpers taking part, including {@code helper}; distinct; not {@code
   *     participant}
   * @param helper this helper's key package
   * @param participant the participant whose share is being repaired
   * @return one delta per helper, keyed by recipient
   * @throws InsufficientSignersException if fewer helpers than the threshold take part
   * @throws SignerMismatchException for duplicate helpers, a helper list without {@code helper}, or
   *     {@code participant} among the helpers
   */
  public static Map<Identifier, RepairDelta> step1(
      List<Identifier> helpers, KeyPackage helper, Identifier participant, SecureRandom random)
      throws FrostException {
    requireNonNull(helpers, "helpers");
    requireNonNull(helper, "helper");
    requireNonNull(participant, "participant");
    requireNonNull(random, "random");
    checkHelpers(helpers, helper.minSigners());
    Identifier me = helper.identifier();
    if (!helpers.contains(me)) {
      throw new SignerMismatchException("helper " + me + " is not in the helper list " + helpers);
    }
    if (helpers.contains(participant)) {
      throw new SignerMismatchException(
          "participant " + participant + " cannot help repair its own share");
    }
    Map<Identifier, RepairDelta> out = new LinkedHashMap<>();
    try (Scalar zeta = Polynomial.lagrange(helpers, me, participant.value());
        Scalar lhs = zeta.multiply(helper.signingShare().scalar())) {
      Scalar sum = Scalar.zero();
      for (int k = 0; k < helpers.size() - 1; k++) {
        Scalar r = TrustedDealer.randomScalar(random);
        out.put(helpers.get(k), new RepairDelta(me, helpers.get(k), participant, r));
        Scalar next = sum.add(r);
        sum.close();
        sum = next;
      }
      Identifier last = helpers.get(helpers.size() - 1);
      out.put(last, new RepairDelta(me, last, participant, lhs.subtract(sum)));
      sum.close();
      return out;
    }
  }

  /**
   * Step 2, run by each helper: sums the deltas it received from every helper (its own included).
   *
   * @throws SignerMismatchException if the deltas are for different recipients or participants, or
   *     two come from the same sender
   */
  public static RepairSigma step2(List<RepairDelta> received) throws FrostException {
    requireNonNull(received, "received");
    if (received.isEmpty()) {
      throw new IllegalArgumentException("step 2 needs the deltas received from the helpers");
    }
    RepairDelta first = received.get(0);
    Set<Identifier> senders = new HashSet<>();
    Scalar sum = Scalar.zero();
    for (RepairDelta d : received) {
      requireNonNull(d, "delta");
      if (!d.recipient().equals(first.recipient())
          || !d.participant().equals(first.participant())) {
        sum.close();
        throw new SignerMismatchException(
            "deltas for different repairs: "
                + first.recipient()
                + "/"
                + first.participant()
                + " and "
                + d.recipient()
                + "/"
                + d.participant());
      }
      if (!senders.add(d.sender())) {
        sum.close();
        throw new SignerMismatchException("two deltas from helper " + d.sender());
      }
      Scalar next = sum.add(d.value());
      sum.close();
      sum = next;
    }
    return new RepairSigma(first.recipient(), first.participant(), sum);
  }

  /**
   * Step 3, run by the participant: sums the helpers' sigmas into its share and checks the result
   * against its verifying share in the public key package before returning it.
   *
   * @throws InsufficientSignersException if fewer sigmas than the threshold are given
   * @throws SignerMismatchException if a sigma is for another participant, two come from the same
   *     helper, or the participant is not in the group
   * @throws InvalidShareException if the repaired share does not match the participant's verifying
   *     share (a helper misbehaved or the helper set was inconsistent)
   */
  public static KeyPackage step3(
      List<RepairSigma> sigmas, Identifier participant, PublicKeyPackage publicKeyPackage)
      throws FrostException {
    requireNonNull(sigmas, "sigmas");
    requireNonNull(participant, "participant");
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    if (sigmas.size() < publicKeyPackage.minSigners()) {
      throw new InsufficientSignersException(sigmas.size(), publicKeyPackage.minSigners());
    }
    VerifyingShare expected =
        publicKeyPackage
            .verifyingShare(participant)
            .orElseThrow(
                () ->
                    new SignerMismatchException(
                        "participant " + participant + " is not in the group"));
    Set<Identifier> helpers = new HashSet<>();
    for (RepairSigma s : sigmas) {
      requireNonNull(s, "sigma");
      if (!s.participant().equals(participant)) {
        throw new SignerMismatchException(
            "a sigma from helper " + s.helper() + " is for participant " + s.participant());
      }
      if (!helpers.add(s.helper())) {
        throw new SignerMismatchException("two sigmas from helper " + s.helper());
      }
    }
    Scalar share = sum(sigmas);
    return KeyPackage.create(
        participant,
        share,
        expected,
        publicKeyPackage.verifyingKey(),
        publicKeyPackage.minSigners());
  }

  /** Sums sigma values; the caller owns the result. */
  static Scalar sum(List<RepairSigma> sigmas) {
    Scalar sum = Scalar.zero();
    for (RepairSigma s : sigmas) {
      Scalar next = sum.add(s.value());
      sum.close();
      sum = next;
    }
    return sum;
  }

  private static void checkHelpers(List<Identifier> helpers, int need) throws FrostException {
    if (helpers.size() < need) {
      throw new InsufficientSignersException(helpers.size(), need);
    }
    Set<Identifier> seen = new HashSet<>();
    for (Identifier h : helpers) {
      if (!seen.add(requireNonNull(h, "helper"))) {
        throw new SignerMismatchException("helper " + h + " appears twice");
      }
    }
  }
}
