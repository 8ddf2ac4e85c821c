package ist.spike.spa.lifecycle;

import ist.spike.receipts.GroupPublicKey;
import ist.spike.receipts.ReceiptSigner;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

/** Test stand-in for the FROST group: a JDK Ed25519 key (FROST signatures are Ed25519). */
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
}
