package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.Ciphersuite;
import ist.spike.frost.internal.Group;
import ist.spike.frost.internal.Scalar;
import java.security.SecureRandom;
import java.util.Arrays;

/** FROST round 1 (RFC 9591 section 5.1): hedged nonce generation and commitment. */
public final class Round1 {
  private Round1() {}

  /**
   * Draws a signer's hiding and binding nonces and commits to them. Each nonce is {@code H3(32
   * random bytes || signing share)}, so a weak random source alone does not expose the share.
   *
   * @throws IllegalStateException if the key package is closed
   */
  public static Round1Result commit(KeyPackage keyPackage, SecureRandom random) {
    requireNonNull(keyPackage, "keyPackage");
    requireNonNull(random, "random");
    byte[] hidingRandomness = new byte[32];
    byte[] bindingRandomness = new byte[32];
    random.nextBytes(hidingRandomness);
    random.nextBytes(bindingRandomness);
    try {
      return commitWithRandomness(keyPackage, hidingRandomness, bindingRandomness);
    } finally {
      Arrays.fill(hidingRandomness, (byte) 0);
      Arrays.fill(bindingRandomness, (byte) 0);
    }
  }

  /** Round 1 with given randomness; package-private so that tests can replay the RFC vectors. */
  static Round1Result commitWithRandomness(
      KeyPackage keyPackage, byte[] hidingRandomness, byte[] bindingRandomness) {
    Scalar share = keyPackage.signingShare().scalar();
    Scalar d = nonceGenerate(hidingRandomness, share);
    Scalar e = nonceGenerate(bindingRandomness, share);
    Group g = Group.ed25519();
    try {
      SigningCommitments commitments = new SigningCommitments(g.multiplyBase(d), g.multiplyBase(e));
      return new Round1Result(
          new SigningNonces(keyPackage.identifier(), d, e, commitments), commitments);
    } catch (InvalidElementException ex) {
      // A nonce of zero: probability 2^-252. Refuse rather than commit to the identity.
      d.close();
      e.close();
      throw new IllegalStateException("nonce generation produced the identity", ex);
    }
  }

  /** RFC 9591 {@code nonce_generate}. */
  static Scalar nonceGenerate(byte[] randomness, Scalar secret) {
    byte[] s = secret.toBytes();
    try {
      return Ciphersuite.h3(randomness, s);
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }
}
