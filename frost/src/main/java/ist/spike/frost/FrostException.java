package ist.spike.frost;

import java.security.GeneralSecurityException;

/**
 * Base class of every FROST failure. Each subclass names one failure class; messages state the rule
 * that was broken and non-secret values only (identifiers, counts), never key material.
 */
public class FrostException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that states the rule that was broken. */
  public FrostException(String message) {
    super(message);
  }
}
