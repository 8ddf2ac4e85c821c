package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs both FROST rounds and aggregation for signers whose key packages are all local (the CLI's
 * case). It goes through exactly the same steps as distributed signers would: each signer's share
 * is computed separately, and the group signing key is never assembled.
 */
public final class FrostSession {
  private FrostSession() {}

  /**
   * Signs {@code message} with the given signers.
   *
   * @param message the message (copied)
   * @param signers key packages of the signers taking part; at least the threshold, distinct
   * @param publicKeyPackage the group's public key package
   * @param random source for the hedged nonces
   * @return a signature that verifies under {@code publicKeyPackage.verifyingKey()}
   * @throws InsufficientSignersException if fewer signers than the threshold are given
   * @throws SignerMismatchException for duplicate signers or key packages of another group
   * @throws FrostException for any failure of the rounds or of aggregation
   */
  public static Signature sign(
      byte[] message,
      List<KeyPackage> signers,
      PublicKeyPackage publicKeyPackage,
      SecureRandom random)
      throws FrostException {
    requireNonNull(message, "message");
    requireNonNull(signers, "signers");
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    requireNonNull(random, "random");
    if (signers.size() < publicKeyPackage.minSigners()) {
      throw new InsufficientSignersException(signers.size(), publicKeyPackage.minSigners());
    }
    Set<Identifier> seen = new HashSet<>();
    for (KeyPackage kp : signers) {
      requireNonNull(kp, "key package");
      if (!seen.add(kp.identifier())) {
        throw new SignerMismatchException("signer " + kp.identifier() + " appears twice");
      }
      if (!kp.verifyingKey().equals(publicKeyPackage.verifyingKey())
          || kp.minSigners() != publicKeyPackage.minSigners()) {
        throw new SignerMismatchException(
            "the key package of signer " + kp.identifier() + " belongs to another group");
      }
    }
    List<SigningNonces> nonces = new ArrayList<>();
    try {
      Map<Identifier, SigningCommitments> commitments = new LinkedHashMap<>();
      for (KeyPackage kp : signers) {
        Round1Result r1 = Round1.commit(kp, random);
        nonces.add(r1.nonces());
        commitments.put(kp.identifier(), r1.commitments());
      }
      SigningPackage pkg = new SigningPackage(commitments, message);
      Map<Identifier, SignatureShare> shares = new LinkedHashMap<>();
      for (int i = 0; i < signers.size(); i++) {
        KeyPackage kp = signers.get(i);
        shares.put(kp.identifier(), Round2.sign(pkg, nonces.get(i), kp));
      }
      return Aggregator.aggregate(pkg, shares, publicKeyPackage);
    } finally {
      nonces.forEach(SigningNonces::close);
    }
  }
}
