package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A ciphertext names a key id that the keyring does not hold (data written under a key that was
 * retired, or under another root key).
 */
public final class UnknownKeyIdException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final int keyId;

  /**
   * Creates the exception.
   *
   * @param keyId the key id found in the ciphertext header (not secret)
   */
  public UnknownKeyIdException(int keyId) {
    super("no key with id " + AeadKey.formatKeyId(keyId) + " is available to decrypt this data");
    this.keyId = keyId;
  }

  /** Returns the key id the ciphertext named. */
  public int keyId() {
    return keyId;
  }
}
