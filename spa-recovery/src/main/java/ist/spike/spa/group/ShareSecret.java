package ist.spike.spa.group;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One participant's share: its identifier (device 1, cloud 2, recovery code 3) and its serialized
 * key package. Holds a private copy of the bytes; {@link #close()} zeroes it. No equals, hashCode
 * or revealing toString.
 */
public final class ShareSecret implements AutoCloseable {
  private final int participant;
  private final byte[] bytes;
  private boolean closed;

  private ShareSecret(int participant, byte[] bytes) {
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
    return new ShareSecret(participant, bytes.clone());
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
    if (closed) {
      throw new IllegalStateException("share " + participant + " is closed");
    }
    return bytes.clone();
  }

  /** Compares the secret bytes in constant time. */
  public boolean equalsSecret(ShareSecret other) {
    requireNonNull(other, "other");
    return participant == other.participant && MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Zeroes the bytes. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    closed = true;
  }

  @Override
  public String toString() {
    return "ShareSecret[participant " + participant + ", " + bytes.length + " bytes]";
  }
}
