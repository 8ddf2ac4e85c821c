package ist.spike.crypto.shamir;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretAccess;
import ist.spike.crypto.SecretBytes;
import ist.spike.crypto.internal.ConstantTime;
import ist.spike.crypto.internal.P256;
import java.util.Arrays;

/**
 * One Shamir share of the root key: a public index (the x coordinate, 1-based, equal to SPIKE's
 * keeper id, recovery-file id and restore {@code id}) and a secret 32-byte big-endian value below
 * the P-256 order n.
 *
 * <p>Zeroes its value on {@link #close()}; no {@code equals}/{@code hashCode}; {@link #toString()}
 * shows only the index.
 */
public final class Shard implements AutoCloseable {
  /** Size of a shard value in bytes. */
  public static final int VALUE_SIZE = 32;

  private final int index;
  private final SecretBytes value;

  Shard(int index, SecretBytes value) {
    this.index = index;
    this.value = value;
  }

  /**
   * Validates and copies a shard.
   *
   * @param index the share index; at least 1
   * @param value exactly 32 bytes, big-endian, nonzero and below n; copied
   * @return the shard
   * @throws InvalidShardException if any rule is broken (the message names the rule and the index)
   */
  public static Shard of(int index, SecretBytes value) throws InvalidShardException {
    requireNonNull(value, "value");
    byte[] raw = value.revealBytes(InsecureSecretAccess.get());
    try {
      return ofRaw(index, raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Validates {@code raw} and copies it; the caller keeps and zeroes {@code raw}. */
  static Shard ofRaw(int index, byte[] raw) throws InvalidShardException {
    if (index < 1) {
      throw new InvalidShardException("shard index must be at least 1, was " + index);
    }
    if (raw.length != VALUE_SIZE) {
      throw new InvalidShardException(
          "shard " + index + " must be " + VALUE_SIZE + " bytes, was " + raw.length);
    }
    if (ConstantTime.isZero(raw)) {
      throw new InvalidShardException("shard " + index + " must not be all zeros");
    }
    if (!P256.isBelowOrder(raw)) {
      throw new InvalidShardException(
          "shard " + index + " must be below the P-256 group order n (32-byte big-endian)");
    }
    return new Shard(index, SecretBytes.copyOf(raw, InsecureSecretAccess.get()));
  }

  /** Returns the share index (1-based). */
  public int index() {
    return index;
  }

  /**
   * Returns a copy of the 32-byte value; the caller must zero it.
   *
   * @param access proof that the caller may handle secret bytes
   * @return a fresh copy
   * @throws IllegalStateException if this shard was closed
   */
  public byte[] revealValue(SecretAccess access) {
    return value.revealBytes(access);
  }

  /**
   * Compares index and value with another shard; the value in constant time.
   *
   * @param other another shard
   * @return true if both are the same share
   */
  public boolean equalsSecret(Shard other) {
    requireNonNull(other, "other");
    return value.equalsSecret(other.value) & index == other.index;
  }

  /** Returns whether this shard was closed. */
  public boolean isClosed() {
    return value.isClosed();
  }

  /** Zeroes the value. Idempotent. */
  @Override
  public void close() {
    value.close();
  }

  @Override
  public String toString() {
    return "Shard[" + index + ", 32 bytes]";
  }
}
