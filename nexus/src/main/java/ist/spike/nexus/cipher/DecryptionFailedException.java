package ist.spike.nexus.cipher;

import java.security.GeneralSecurityException;

/** A ciphertext failed authentication. The message is always the same. */
public final class DecryptionFailedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the fixed message "decryption failed". */
  public DecryptionFailedException() {
    super("decryption failed");
  }
}
