package ist.spike.spa.vault;

/** The recovery code does not unlock the recovery-code share (or that file was modified). */
public final class WrongRecoveryCodeException extends ShareDecryptionException {
  private static final long serialVersionUID = 1L;

  WrongRecoveryCodeException(String message) {
    super(message);
  }
}
