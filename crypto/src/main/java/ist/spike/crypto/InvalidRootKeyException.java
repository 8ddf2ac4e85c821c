package ist.spike.crypto;

import java.security.GeneralSecurityException;

/** A root key candidate is not a valid P-256 scalar (it is zero, or not below the order n). */
public final class InvalidRootKeyException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the rule that was broken; never key bytes
   */
  public InvalidRootKeyException(String message) {
    super(message);
  }
}
