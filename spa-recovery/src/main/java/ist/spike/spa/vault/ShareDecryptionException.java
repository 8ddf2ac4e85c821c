package ist.spike.spa.vault;

import java.security.GeneralSecurityException;

/**
 * A share file could not be decrypted: wrong wrapping secret (wrong recovery code, another device's
 * key), a file moved to another user or label, or a modified file. The message never says which.
 */
public class ShareDecryptionException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  ShareDecryptionException(String message) {
    super(message);
  }
}
