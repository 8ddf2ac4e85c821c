package ist.spike.frost;

import ist.spike.frost.internal.Ciphersuite;
import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public computations both round 2 and aggregation need (RFC 9591 sections 4.3–4.6): binding
 * factors, group commitment and challenge. Everything here is derived from public data.
 */
final class Protocol {
  private Protocol() {}

  /** Binding factors, group commitment R (and its encoding), and challenge c of one session. */
  record Session(
      Map<Identifier, Scalar> bindingFactors, EdwardsPoint r, byte[] rEncoding, Scalar challenge) {}

  static Session compute(SigningPackage pkg, VerifyingKey key) throws InvalidElementException {
    Group g = Group.ed25519();
    Map<Identifier, Scalar> rho = new LinkedHashMap<>();
    for (Identifier id : pkg.commitments().keySet()) {
      rho.put(id, Ciphersuite.h1(bindingFactorInput(pkg, key, id)));
    }
    EdwardsPoint r = g.identity();
    for (Map.Entry<Identifier, SigningCommitments> e : pkg.commitments().entrySet()) {
      SigningCommitments c = e.getValue();
      r = g.add(r, g.add(c.hiding(), g.multiply(c.binding(), rho.get(e.getKey()))));
    }
    byte[] rEnc = g.serialize(r); // RFC 9591: the identity is refused here
    Scalar challenge = Ciphersuite.h2(rEnc, key.toBytes(), pkg.messageUnsafe());
    return new Session(rho, r, rEnc, challenge);
  }

  /** {@code Ser(PK) || H4(msg) || H5(encoded commitment list) || Ser(id)}: 192 bytes. */
  static byte[] bindingFactorInput(SigningPackage pkg, VerifyingKey key, Identifier id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(192);
    out.writeBytes(key.toBytes());
    out.writeBytes(Ciphersuite.h4(pkg.messageUnsafe()));
    out.writeBytes(Ciphersuite.h5(encodeCommitmentList(pkg)));
    out.writeBytes(id.toBytes());
    return out.toByteArray();
  }

  /** RFC 9591 {@code encode_group_commitment_list}. */
  static byte[] encodeCommitmentList(SigningPackage pkg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pkg.commitments()
        .forEach(
            (id, c) -> {
              out.writeBytes(id.toBytes());
              out.writeBytes(c.hidingBytes());
              out.writeBytes(c.bindingBytes());
            });
    return out.toByteArray();
  }

  /** Checks {@code [z_i]B == D_i + [rho_i]E_i + [c·lambda_i]PK_i}. */
  static boolean verifyShare(
      Session s,
      SigningPackage pkg,
      Identifier id,
      SignatureShare share,
      VerifyingShare verifyingShare) {
    Group g = Group.ed25519();
    SigningCommitments c = pkg.commitments().get(id);
    Scalar lambda = Polynomial.lagrange(pkg.commitments().keySet(), id, java.math.BigInteger.ZERO);
    EdwardsPoint lhs = g.multiplyBase(share.scalar());
    EdwardsPoint commitment =
        g.add(c.hiding(), g.multiply(c.binding(), s.bindingFactors().get(id)));
    EdwardsPoint rhs =
        g.add(commitment, g.multiply(verifyingShare.point(), s.challenge().multiply(lambda)));
    return g.equal(lhs, rhs);
  }
}
