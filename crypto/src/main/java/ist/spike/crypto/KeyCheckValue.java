package ist.spike.crypto;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A public fingerprint of a {@link RootKey}: {@code HMAC-SHA256(rootKey, "spike/key-check/v1")}.
 *
 * <p>Nexus stores it next to the encrypted data so that a root key reconstructed from shards can be
 * checked before use (SPIKE has no such check and silently uses a wrong key). The value is not
 * secret: as a PRF output it reveals nothing about the key beyond allowing a brute-force test of
 * candidate keys, which is infeasible for 256-bit keys.
 */
public final class KeyCheckValue {
  /** Size of a key-check value in bytes. */
  public static final int SIZE = 32;

  private static final byte[] LABEL = "spike/key-check/v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] value;

  private KeyCheckValue(byte[] value) {
    this.value = value;
  }

  /**
   * Computes the key-check value of a root key.
   *
   * @param rootKey the key
   * @return its check value
   */
  public static KeyCheckValue of(RootKey rootKey) {
    requireNonNull(rootKey, "rootKey");
    byte[] raw = rootKey.revealBytes(InsecureSecretAccess.get());
    try {
      return new KeyCheckValue(Hkdf.hmacSha256(raw, LABEL));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Restores a stored check value.
   *
   * @param stored exactly 32 bytes as returned by {@link #toBytes()}
   * @return the check value
   * @throws IllegalArgumentException if the length is not 32
   */
  public static KeyCheckValue fromBytes(byte[] stored) {
    requireNonNull(stored, "stored");
    if (stored.length != SIZE) {
      throw new IllegalArgumentException(
          "key-check value must be " + SIZE + " bytes, was " + stored.length);
    }
    return new KeyCheckValue(stored.clone());
  }

  /** Returns a copy of the 32 bytes, for storage. */
  public byte[] toBytes() {
    return value.clone();
  }

  /**
   * Returns whether {@code rootKey} is the key this value was computed from (constant time).
   *
   * @param rootKey a candidate key
   * @return true if it matches
   */
  public boolean matches(RootKey rootKey) {
    requireNonNull(rootKey, "rootKey");
    KeyCheckValue other = of(rootKey);
    return MessageDigest.isEqual(value, other.value);
  }

  /**
   * Throws unless {@code rootKey} matches.
   *
   * @param rootKey a candidate key
   * @throws KeyCheckMismatchException if it does not match
   */
  public void verify(RootKey rootKey) throws KeyCheckMismatchException {
    if (!matches(rootKey)) {
      throw new KeyCheckMismatchException();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyCheckValue other && MessageDigest.isEqual(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  /** Shows the first 4 bytes in hex, enough to tell values apart in logs. */
  @Override
  public String toString() {
    return "KeyCheckValue[" + HexFormat.of().formatHex(value, 0, 4) + "…]";
  }
}
