package ist.spike.receipts;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

/**
 * Test stand-in for the FROST group: a plain JDK Ed25519 key (FROST output is Ed25519 too). Shared
 * with other modules' tests through this module's test-jar.
 */
public final class JdkSigner implements ReceiptSigner {
  private final KeyPair pair;

  /** A signer with a fresh random key pair. */
  public JdkSigner() {
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The group public key that verifies this signer's signatures. */
  public GroupPublicKey publicKey() {
    return GroupPublicKey.fromJdk(pair.getPublic());
  }

  @Override
  public byte[] sign(byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(pair.getPrivate());
    s.update(message);
    return s.sign();
  }

  /** Returns {@code unsigned} with this signer's signature over its content hash. */
  public Receipt signed(Receipt unsigned) throws GeneralSecurityException {
    return unsigned.withSignature(sign(unsigned.contentHash().toBytes()));
  }
}
