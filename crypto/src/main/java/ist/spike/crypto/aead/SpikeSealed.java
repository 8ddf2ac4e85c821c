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

  /**
   * Parses SPIKE's stream-mode body {@code version(1) || nonce(12) || ciphertext}, checking the
   * structure in SPIKE's order (version present, version 1, full nonce). The ciphertext may be
   * empty or short; {@link SpikeCompatCipher#open} then fails with "decryption failed", as SPIKE
   * does.
   *
   * @param body the request body
   * @return the sealed value (copies)
   * @throws MalformedSpikeCiphertextException with SPIKE's reason code
   */
  public static SpikeSealed parseStream(byte[] body) throws MalformedSpikeCiphertextException {
    requireNonNull(body, "body");
    if (body.length == 0) {
      throw new MalformedSpikeCiphertextException(
          MalformedSpikeCiphertextException.Reason.MISSING_VERSION,
          "ciphertext is empty: expected a version byte, a 12-byte nonce and the ciphertext");
    }
    if ((body[0] & 0xff) != SpikeCompatCipher.VERSION) {
      throw new MalformedSpikeCiphertextException(
          MalformedSpikeCiphertextException.Reason.UNSUPPORTED_VERSION,
          "unsupported cipher version " + (body[0] & 0xff) + "; only version 1 exists");
    }
    if (body.length < 1 + SpikeCompatCipher.NONCE_SIZE) {
      throw new MalformedSpikeCiphertextException(
          MalformedSpikeCiphertextException.Reason.SHORT_NONCE,
          "ciphertext too short: the 12-byte nonce is incomplete");
    }
    return new SpikeSealed(
        java.util.Arrays.copyOfRange(body, 1, 1 + SpikeCompatCipher.NONCE_SIZE),
        java.util.Arrays.copyOfRange(body, 1 + SpikeCompatCipher.NONCE_SIZE, body.length));
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
