package ist.spike.client;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A SPIKE cipher output: version, 12-byte nonce and {@code ciphertext || tag}. Not secret.
 *
 * @param version the format version (1)
 * @param nonce the nonce
 * @param ciphertext ciphertext followed by the tag
 */
public record EncryptedMessage(int version, byte[] nonce, byte[] ciphertext) {
  /** Copies the arrays. */
  public EncryptedMessage {
    nonce = requireNonNull(nonce, "nonce").clone();
    ciphertext = requireNonNull(ciphertext, "ciphertext").clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Returns SPIKE's stream layout {@code version || nonce || ciphertext}. */
  public byte[] toStreamBytes() {
    byte[] out = new byte[1 + nonce.length + ciphertext.length];
    out[0] = (byte) version;
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    System.arraycopy(ciphertext, 0, out, 1 + nonce.length, ciphertext.length);
    return out;
  }

  /**
   * Parses SPIKE's stream layout.
   *
   * @param bytes {@code version || nonce(12) || ciphertext}
   * @return the message
   * @throws IllegalArgumentException if shorter than 13 bytes
   */
  public static EncryptedMessage fromStreamBytes(byte[] bytes) {
    if (bytes.length < 13) {
      throw new IllegalArgumentException(
          "a SPIKE ciphertext has at least 13 bytes; got " + bytes.length);
    }
    return new EncryptedMessage(
        bytes[0] & 0xff,
        Arrays.copyOfRange(bytes, 1, 13),
        Arrays.copyOfRange(bytes, 13, bytes.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedMessage m
        && m.version == version
        && Arrays.equals(m.nonce, nonce)
        && Arrays.equals(m.ciphertext, ciphertext);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "EncryptedMessage[v" + version + ", " + ciphertext.length + " bytes]";
  }
}
