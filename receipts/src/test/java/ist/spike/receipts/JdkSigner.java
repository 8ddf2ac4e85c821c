package ist.spike.receipts;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

/** Test stand-in for the FROST group: a plain JDK Ed25519 key (FROST output is Ed25519 too). */
final class JdkSigner implements ReceiptSigner {
  private final KeyPair pair;

  JdkSigner() {
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  GroupPublicKey publicKey() {
    return GroupPublicKey.fromJdk(pair.getPublic());
  }

  @Override
  public byte[] sign(byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(pair.getPrivate());
    s.update(message);
    return s.sign();
  }

  Receipt signed(Receipt unsigned) throws GeneralSecurityException {
    return unsigned.withSignature(sign(unsigned.contentHash().toBytes()));
  }
}
