package ist.spike.nexus.cipher;

import static java.util.Objects.requireNonNull;

/**
 * One SPIKE cipher output: version, nonce and {@code ciphertext || tag}. Not secret.
 *
 * @param version the format version (always {@link SpikeCipher#VERSION} when produced here)
 * @param nonce 12 bytes
 * @param sealed ciphertext followed by the 16-byte tag
 */
public record SealedMessage(int version, byte[] nonce, byte[] sealed) {
  /** Copies the arrays. */
  public SealedMessage {
    nonce = requireNonNull(nonce, "nonce").clone();
    sealed = requireNonNull(sealed, "sealed").clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  /** Returns the stream-mode layout {@code version || nonce || sealed}. */
  public byte[] toStreamBytes() {
    byte[] out = new byte[1 + nonce.length + sealed.length];
    out[0] = (byte) version;
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    System.arraycopy(sealed, 0, out, 1 + nonce.length, sealed.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedMessage m
        && m.version == version
        && java.util.Arrays.equals(m.nonce, nonce)
        && java.util.Arrays.equals(m.sealed, sealed);
  }

  @Override
  public int hashCode() {
    return 31 * version + java.util.Arrays.hashCode(sealed);
  }

  @Override
  public String toString() {
    return "SealedMessage[v" + version + ", " + sealed.length + " bytes]";
  }
}
