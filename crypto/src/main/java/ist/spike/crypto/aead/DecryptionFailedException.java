package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A ciphertext could not be authenticated: wrong key, wrong associated data, truncated or tampered
 * bytes. The message is always {@value #MESSAGE}, whatever the cause, so that it tells an attacker
 * nothing.
 */
public final class DecryptionFailedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** The only message this exception carries. */
  public static final String MESSAGE = "decryption failed";

  /** Creates the exception. */
  public DecryptionFailedException() {
    super(MESSAGE);
  }
}
