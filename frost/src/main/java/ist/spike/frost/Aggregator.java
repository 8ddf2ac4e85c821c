package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** The coordinator's side (RFC 9591 section 5.3): share verification and aggregation. */
public final class Aggregator {
  private Aggregator() {}

  /**
   * Sums the signature shares into a signature and verifies it (cofactored RFC 8032 verification)
   * before returning it. If it does not verify, every share is checked and the culprits are named;
   * a wrong signature is never returned.
   *
   * @throws InsufficientSignersException if the package or the shares number fewer than the
   *     threshold (checked before any group operation)
   * @throws SignerMismatchException if the shares and the commitments name different signers, or a
   *     signer is not in the public key package
   * @throws InvalidSignatureShareException naming every signer whose share is invalid
   * @throws InvalidSignatureException if the signature fails although every share verified
   */
  public static Signature aggregate(
      SigningPackage signingPackage,
      Map<Identifier, SignatureShare> signatureShares,
      PublicKeyPackage publicKeyPackage)
      throws FrostException {
    requireNonNull(signingPackage, "signingPackage");
    requireNonNull(signatureShares, "signatureShares");
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    int need = publicKeyPackage.minSigners();
    checkSigners(signingPackage, signatureShares.keySet(), publicKeyPackage, need);
    Protocol.Session session = Protocol.compute(signingPackage, publicKeyPackage.verifyingKey());
    Scalar z = Scalar.zero();
    for (Identifier id : signingPackage.commitments().keySet()) {
      Scalar next = z.add(signatureShares.get(id).scalar());
      z = next;
    }
    Signature signature = Signature.of(session.rEncoding(), z.toBytes());
    byte[] message = signingPackage.messageUnsafe();
    byte[] sig = signature.toBytes();
    if (Ed25519.verify(
        sig, 0, publicKeyPackage.verifyingKey().toBytes(), 0, message, 0, message.length)) {
      return signature;
    }
    List<Identifier> culprits = new ArrayList<>();
    for (Identifier id : signingPackage.commitments().keySet()) {
      if (!Protocol.verifyShare(
          session,
          signingPackage,
          id,
          signatureShares.get(id),
          publicKeyPackage.verifyingShare(id).orElseThrow())) {
        culprits.add(id);
      }
    }
    if (!culprits.isEmpty()) {
      throw new InvalidSignatureShareException(culprits);
    }
    throw new InvalidSignatureException(
        "the aggregated signature does not verify although every share does");
  }

  /**
   * RFC 9591 {@code verify_signature_share}: checks one signer's share against its commitment and
   * verifying share.
   *
   * @throws SignerMismatchException if the signer has no commitment in the package or is not in the
   *     public key package
   * @throws InvalidSignatureShareException naming the signer if the share is invalid
   */
  public static void verifySignatureShare(
      Identifier signer,
      SignatureShare share,
      SigningPackage signingPackage,
      PublicKeyPackage publicKeyPackage)
      throws FrostException {
    requireNonNull(signer, "signer");
    requireNonNull(share, "share");
    requireNonNull(signingPackage, "signingPackage");
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    if (!signingPackage.commitments().containsKey(signer)) {
      throw new SignerMismatchException("signer " + signer + " has no commitment in the package");
    }
    VerifyingShare vs =
        publicKeyPackage
            .verifyingShare(signer)
            .orElseThrow(
                () -> new SignerMismatchException("signer " + signer + " is not in the group"));
    Protocol.Session session = Protocol.compute(signingPackage, publicKeyPackage.verifyingKey());
    if (!Protocol.verifyShare(session, signingPackage, signer, share, vs)) {
      throw new InvalidSignatureShareException(List.of(signer));
    }
  }

  private static void checkSigners(
      SigningPackage pkg, java.util.Set<Identifier> shareSigners, PublicKeyPackage pub, int need)
      throws FrostException {
    int committed = pkg.commitments().size();
    if (committed < need) {
      throw new InsufficientSignersException(committed, need);
    }
    if (shareSigners.size() < need) {
      throw new InsufficientSignersException(shareSigners.size(), need);
    }
    if (!shareSigners.equals(pkg.commitments().keySet())) {
      throw new SignerMismatchException(
          "signature shares from signers "
              + new TreeSet<>(shareSigners)
              + " but commitments from signers "
              + pkg.commitments().keySet());
    }
    for (Identifier id : pkg.commitments().keySet()) {
      if (pub.verifyingShare(id).isEmpty()) {
        throw new SignerMismatchException("signer " + id + " is not in the group");
      }
    }
  }
}
