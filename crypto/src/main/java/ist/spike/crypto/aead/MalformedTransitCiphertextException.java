package ist.spike.crypto.aead;

import java.security.GeneralSecurityException;

/**
 * A text ciphertext is not of the form {@code spike:v<version>:<base64>}. The message states the
 * rule that was broken and never repeats the input.
 */
public final class MalformedTransitCiphertextException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the rule that was broken
   */
  public MalformedTransitCiphertextException(String message) {
    super(message);
  }
}
