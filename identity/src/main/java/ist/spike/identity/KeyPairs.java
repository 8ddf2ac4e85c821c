package ist.spike.identity;

import ist.spike.identity.internal.ConscryptSupport;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** Checks that a private key belongs to a certificate's public key. */
final class KeyPairs {
  private static final byte[] PROBE =
      "spike key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private KeyPairs() {}

  /**
   * Signs a probe with the private key and verifies it with the public key, with the provider that
   * runs TLS in this process: when that is Conscrypt, its native signature is used, since the JDK's
   * elliptic-curve code, not yet compiled in a process that has just started, made this check a
   * sixth of a {@code spike} command's CPU (issue 13).
   */
  static void requireMatch(PublicKey publicKey, PrivateKey privateKey, String what)
      throws GeneralSecurityException {
    requireMatch(publicKey, privateKey, what, tlsProviderOrNull());
  }

  /**
   * As {@link #requireMatch(PublicKey, PrivateKey, String)}, with the signature provider given
   * (null: the JDK's choice; a provider without the algorithm: the JDK's choice too).
   */
  static void requireMatch(
      PublicKey publicKey, PrivateKey privateKey, String what, Provider provider)
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
    Signature signer = signature(algorithm, provider);
    signer.initSign(privateKey, new SecureRandom());
    signer.update(PROBE);
    byte[] signature = signer.sign();
    Signature verifier = signature(algorithm, provider);
    verifier.initVerify(publicKey);
    verifier.update(PROBE);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(
          what + " do not belong together (the key does not match the certificate)");
    }
  }

  private static Signature signature(String algorithm, Provider provider)
      throws NoSuchAlgorithmException {
    if (provider != null) {
      try {
        return Signature.getInstance(algorithm, provider);
      } catch (NoSuchAlgorithmException e) {
        // not every provider has every algorithm (Conscrypt 2.5 has no Ed25519)
      }
    }
    return Signature.getInstance(algorithm);
  }

  private static Provider tlsProviderOrNull() {
    try {
      return TlsProvider.configured() == TlsProvider.CONSCRYPT
          ? ConscryptSupport.providerOrNull()
          : null;
    } catch (IdentityConfigException e) {
      return null; // an invalid SPIKE_TLS_PROVIDER is reported where TLS is set up
    }
  }
}
