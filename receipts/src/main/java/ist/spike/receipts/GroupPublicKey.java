package ist.spike.receipts;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The FROST group's public key: a 32-byte Ed25519 public key (RFC 8032 encoding). Verification uses
 * the JDK's standard Ed25519 verifier, so it needs no FROST code and no shared state.
 */
public final class GroupPublicKey {
  /** Length of the encoded key in bytes. */
  public static final int LENGTH = 32;

  // DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { AlgorithmIdentifier
  // { 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) }.
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final byte[] encoded;
  // Decoded once; a benign race at worst decodes twice.
  private volatile PublicKey jdkKey;

  private GroupPublicKey(byte[] encoded) {
    this.encoded = encoded;
  }

  /**
   * Wraps an encoded key.
   *
   * @param encoded 32 bytes; not null
   * @return the key
   * @throws IllegalArgumentException if the length is not 32
   */
  public static GroupPublicKey of(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    if (encoded.length != LENGTH) {
      throw new IllegalArgumentException(
          "a group public key is " + LENGTH + " bytes, not " + encoded.length);
    }
    return new GroupPublicKey(encoded.clone());
  }

  /**
   * Parses 64 hex digits.
   *
   * @param hex the key in hex; not null
   * @return the key
   * @throws IllegalArgumentException if it is not 64 hex digits
   */
  public static GroupPublicKey parseHex(String hex) {
    requireNonNull(hex, "hex");
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException("a group public key is 64 hex digits");
    }
    return of(HexFormat.of().parseHex(hex));
  }

  /**
   * Takes the raw key out of a JDK Ed25519 public key (its X.509 encoding ends with it).
   *
   * @param key an Ed25519 public key; not null
   * @return the key
   */
  public static GroupPublicKey fromJdk(PublicKey key) {
    requireNonNull(key, "key");
    byte[] spki = key.getEncoded();
    if (spki.length != SPKI_PREFIX.length + LENGTH
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key");
    }
    return of(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
  }

  /**
   * Verifies an Ed25519 signature with the JDK verifier.
   *
   * @param message the signed bytes; not null
   * @param signature the signature; not null
   * @return true only if the signature is 64 bytes and valid for this key and message
   */
  public boolean verify(byte[] message, byte[] signature) {
    requireNonNull(message, "message");
    requireNonNull(signature, "signature");
    if (signature.length != Receipt.SIGNATURE_LENGTH) {
      return false;
    }
    byte[] spki = new byte[SPKI_PREFIX.length + LENGTH];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(encoded, 0, spki, SPKI_PREFIX.length, LENGTH);
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // An undecodable key or signature is simply not a valid signature.
      return false;
    }
  }

  private PublicKey jdkKey() throws GeneralSecurityException {
    PublicKey key = jdkKey;
    if (key == null) {
      byte[] spki = new byte[SPKI_PREFIX.length + LENGTH];
      System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
      System.arraycopy(encoded, 0, spki, SPKI_PREFIX.length, LENGTH);
      key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      jdkKey = key;
    }
    return key;
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] toBytes() {
    return encoded.clone();
  }

  /** Returns the key as 64 lower-case hex digits. */
  public String toHex() {
    return HexFormat.of().formatHex(encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupPublicKey other && MessageDigest.isEqual(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "GroupPublicKey[" + toHex() + "]";
  }
}
