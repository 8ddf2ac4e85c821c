package ist.spike.identity;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** Checks that a private key belongs to a certificate's public key. */
final class KeyPairs {
  private static final byte[] PROBE =
      "spike key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private KeyPairs() {}

  static void requireMatch(PublicKey publicKey, PrivateKey privateKey, String what)
      throws GeneralSecurityException {
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default ->
              throw new GeneralSecurityException(
                  "unsupported key algorithm " + privateKey.getAlgorithm());
        };
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(privateKey, new SecureRandom());
    signer.update(PROBE);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(PROBE);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(
          what + " do not belong together (the key does not match the certificate)");
    }
  }
}
