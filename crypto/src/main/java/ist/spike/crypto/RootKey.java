package ist.spike.crypto;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.internal.ConstantTime;
import ist.spike.crypto.internal.P256;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * SPIKE's root key: 32 secret bytes that are at the same time the AES-256 key material and a
 * nonzero P-256 scalar {@code 0 < k < n} (big-endian), so that it can be split by Shamir sharing
 * exactly as SPIKE does.
 *
 * <p>Zeroes its bytes on {@link #close()}. No {@code equals}/{@code hashCode}; {@link #toString()}
 * never reveals the bytes.
 */
public final class RootKey implements AutoCloseable {
  /** Size of a root key in bytes. */
  public static final int SIZE = 32;

  /** Message when the candidate is all zeros (SPIKE: {@code root_key_empty}). */
  public static final String MESSAGE_ZERO = "root key must not be all zeros";

  /** Message when the candidate is not below n (SPIKE: {@code data_unmarshal_failure}). */
  public static final String MESSAGE_NOT_BELOW_ORDER =
      "root key must be below the P-256 group order n when read as a 32-byte big-endian integer";

  private final SecretBytes bytes;

  private RootKey(SecretBytes bytes) {
    this.bytes = bytes;
  }

  /**
   * Validates and copies a root key.
   *
   * @param key exactly 32 bytes; the caller keeps ownership of its holder
   * @return a new root key with a private copy
   * @throws InvalidRootKeyException if the size is not 32, the value is zero, or it is {@code >= n}
   */
  public static RootKey of(SecretBytes key) throws InvalidRootKeyException {
    requireNonNull(key, "key");
    if (key.size() != SIZE) {
      throw new InvalidRootKeyException(
          "root key must be " + SIZE + " bytes, was " + key.size() + " bytes");
    }
    byte[] raw = key.revealBytes(InsecureSecretAccess.get());
    try {
      validate(raw);
      return new RootKey(SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Generates a uniformly random valid root key by rejection sampling: draws 32 bytes until the
   * value is nonzero and below n (a redraw happens with probability about 2^-32). Unlike SPIKE's
   * bootstrap, which exits on an unlucky draw, this never fails.
   *
   * @param random a cryptographically secure source
   * @return a fresh root key
   */
  public static RootKey generate(SecureRandom random) {
    requireNonNull(random, "random");
    byte[] raw = new byte[SIZE];
    try {
      while (true) {
        random.nextBytes(raw);
        if (!ConstantTime.isZero(raw) && P256.isBelowOrder(raw)) {
          return new RootKey(SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
        }
      }
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  static void validate(byte[] raw) throws InvalidRootKeyException {
    if (ConstantTime.isZero(raw)) {
      throw new InvalidRootKeyException(MESSAGE_ZERO);
    }
    if (!P256.isBelowOrder(raw)) {
      throw new InvalidRootKeyException(MESSAGE_NOT_BELOW_ORDER);
    }
  }

  /**
   * Returns a copy of the 32 key bytes; the caller must zero it.
   *
   * @param access proof that the caller may handle secret bytes
   * @return a fresh 32-byte copy
   * @throws IllegalStateException if this key was closed
   */
  public byte[] revealBytes(SecretAccess access) {
    return bytes.revealBytes(access);
  }

  /**
   * Compares with another root key in constant time.
   *
   * @param other another key
   * @return true if both hold the same bytes
   */
  public boolean equalsSecret(RootKey other) {
    requireNonNull(other, "other");
    return bytes.equalsSecret(other.bytes);
  }

  /** Returns whether this key was closed. */
  public boolean isClosed() {
    return bytes.isClosed();
  }

  /** Zeroes the key bytes. Idempotent. */
  @Override
  public void close() {
    bytes.close();
  }

  @Override
  public String toString() {
    return "RootKey[32 bytes]";
  }
}
