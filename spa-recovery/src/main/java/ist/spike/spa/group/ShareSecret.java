package ist.spike.spa.group;

import static java.util.Objects.requireNonNull;

import ist.spike.crypto.InsecureSecretAccess;
import ist.spike.crypto.SecretBytes;

/**
 * One participant's share: its identifier (device 1, cloud 2, recovery code 3) and its serialized
 * key package. Holds a private copy of the bytes in a {@link SecretBytes}; {@link #close()} zeroes
 * it. No equals, hashCode or revealing toString.
 */
public final class ShareSecret implements AutoCloseable {
  private final int participant;
  private final SecretBytes bytes;

  private ShareSecret(int participant, SecretBytes bytes) {
    this.participant = participant;
    this.bytes = bytes;
  }

  /**
   * Copies share bytes into a new holder.
   *
   * @param participant the participant identifier, 1..255
   * @param bytes the serialized key package; copied; not null or empty
   * @return the holder
   */
  public static ShareSecret copyOf(int participant, byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (participant < 1 || participant > 255) {
      throw new IllegalArgumentException("participant must be 1..255, got " + participant);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("a share must not be empty");
    }
    return new ShareSecret(participant, SecretBytes.copyOf(bytes, InsecureSecretAccess.get()));
  }

  /** Returns the participant identifier. */
  public int participant() {
    return participant;
  }

  /**
   * Returns a copy of the secret bytes; the caller must zero it after use.
   *
   * @throws IllegalStateException if closed
   */
  public byte[] revealBytes() {
    checkOpen();
    return bytes.revealBytes(InsecureSecretAccess.get());
  }

  /**
   * Compares participant and secret bytes with another share; the bytes in constant time.
   *
   * @throws IllegalStateException if either share is closed
   */
  public boolean equalsSecret(ShareSecret other) {
    requireNonNull(other, "other");
    checkOpen();
    other.checkOpen();
    return participant == other.participant & bytes.equalsSecret(other.bytes);
  }

  /** Zeroes the bytes. Idempotent. */
  @Override
  public void close() {
    bytes.close();
  }

  private void checkOpen() {
    if (bytes.isClosed()) {
      throw new IllegalStateException("share " + participant + " is closed");
    }
  }

  @Override
  public String toString() {
    return "ShareSecret[participant " + participant + ", " + bytes.size() + " bytes]";
  }
}
