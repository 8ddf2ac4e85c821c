package ist.spike.crypto;

import java.security.GeneralSecurityException;

/**
 * A root key does not match the stored key-check value: it was reconstructed from the wrong shards
 * (or shards assigned to the wrong ids) and must not be used.
 */
public final class KeyCheckMismatchException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a fixed message. */
  public KeyCheckMismatchException() {
    super("root key does not match the stored key-check value (wrong shards or shard ids?)");
  }
}
