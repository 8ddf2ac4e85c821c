package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/** A ciphertext was made with a key version below the keyring's minimum decryption version. */
public final class KeyVersionRetiredException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final int version;
  private final int minimum;

  /**
   * Creates the exception.
   *
   * @param version the version the ciphertext names
   * @param minimum the lowest version the keyring still decrypts
   */
  public KeyVersionRetiredException(int version, int minimum) {
    super(
        "ciphertext is from key version "
            + version
            + " but the minimum decryption version is "
            + minimum
            + "; lower minDecryptionVersion to read it");
    this.version = version;
    this.minimum = minimum;
  }

  /** Returns the version the ciphertext names. */
  public int version() {
    return version;
  }

  /** Returns the keyring's minimum decryption version. */
  public int minimum() {
    return minimum;
  }
}
