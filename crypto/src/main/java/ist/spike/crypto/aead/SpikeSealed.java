package ist.spike.crypto.aead;

import static java.util.Objects.requireNonNull;

/**
 * The output of {@link SpikeCompatCipher#seal}: SPIKE's cipher version, a 12-byte nonce and the GCM
 * ciphertext with its 16-byte tag. Not secret.
 */
public final class SpikeSealed {
  private final byte[] nonce;
  private final byte[] ciphertext;

  SpikeSealed(byte[] nonce, byte[] ciphertext) {
    this.nonce = nonce;
    this.ciphertext = ciphertext;
  }

  /**
   * Wraps a received nonce and ciphertext (copies both).
   *
   * @param nonce the nonce; its length is checked by {@link SpikeCompatCipher#open}
   * @param ciphertext ciphertext followed by the tag
   * @return the sealed value
   */
  public static SpikeSealed of(byte[] nonce, byte[] ciphertext) {
    requireNonNull(nonce, "nonce");
    requireNonNull(ciphertext, "ciphertext");
    return new SpikeSealed(nonce.clone(), ciphertext.clone());
  }

  /** Returns SPIKE's cipher version, always {@value SpikeCompatCipher#VERSION}. */
  public int version() {
    return SpikeCompatCipher.VERSION;
  }

  /** Returns a copy of the nonce. */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** Returns a copy of the ciphertext with its tag. */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Returns SPIKE's stream-mode encoding {@code 0x01 || nonce || ciphertext}. */
  public byte[] toStreamBytes() {
    byte[] out = new byte[1 + nonce.length + ciphertext.length];
    out[0] = (byte) SpikeCompatCipher.VERSION;
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    System.arraycopy(ciphertext, 0, out, 1 + nonce.length, ciphertext.length);
    return out;
  }

  @Override
  public String toString() {
    return "SpikeSealed[v1, " + ciphertext.length + " bytes]";
  }
}
