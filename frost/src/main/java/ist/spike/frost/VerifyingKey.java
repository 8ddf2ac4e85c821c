package ist.spike.frost;

import static java.util.Objects.requireNonNull;

import ist.spike.frost.internal.EdwardsPoint;
import ist.spike.frost.internal.Group;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The group's public key: an ordinary Ed25519 public key. Signatures the group produces verify
 * against it with any RFC 8032 verifier, including the JDK's {@code
 * Signature.getInstance("Ed25519")}.
 */
public final class VerifyingKey {
  private final EdwardsPoint point;
  private final byte[] encoding;

  VerifyingKey(EdwardsPoint point, byte[] encoding) {
    this.point = point;
    this.encoding = encoding.clone();
  }

  static VerifyingKey of(EdwardsPoint point) throws InvalidElementException {
    return new VerifyingKey(point, Group.ed25519().serialize(point));
  }

  /**
   * Parses the 32-byte RFC 8032 encoding.
   *
   * @throws InvalidElementException if it is not a valid prime-order, non-identity point
   */
  public static VerifyingKey fromBytes(byte[] encoding) throws InvalidElementException {
    requireNonNull(encoding, "encoding");
    return new VerifyingKey(Group.ed25519().deserialize(encoding), encoding);
  }

  /** The 32-byte RFC 8032 encoding. */
  public byte[] toBytes() {
    return encoding.clone();
  }

  EdwardsPoint point() {
    return point;
  }

  /** This key as a JDK {@link EdECPublicKey} (curve Ed25519). */
  public EdECPublicKey toPublicKey() {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = encoding[31 - i];
    }
    boolean xOdd = (be[0] & 0x80) != 0;
    be[0] &= 0x7f;
    EdECPoint p = new EdECPoint(xOdd, new BigInteger(1, be));
    try {
      return (EdECPublicKey)
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, p));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot build an Ed25519 public key", e);
    }
  }

  /**
   * Verifies a 64-byte Ed25519 signature over {@code message} with the JDK's Ed25519 verifier.
   *
   * @return true only for a valid signature; false for any invalid or malformed one
   */
  public boolean verify(byte[] message, byte[] signature) {
    requireNonNull(message, "message");
    requireNonNull(signature, "signature");
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(toPublicKey());
      v.update(message);
      return v.verify(signature);
    } catch (SignatureException | InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no Ed25519 verifier", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyingKey other && Arrays.equals(encoding, other.encoding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoding);
  }

  @Override
  public String toString() {
    return "VerifyingKey[" + HexFormat.of().formatHex(encoding) + "]";
  }
}
