package ist.spike.client;

import ist.spike.client.error.SpikeException;

/**
 * A check-and-set write ({@link Secrets#putIfCurrent}) named a version that is no longer current:
 * Nexus answered 409 {@code api_conflict} and wrote nothing. Read the secret again and retry.
 */
public final class SpikeConflictException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was rejected, with the server's explanation
   */
  public SpikeConflictException(String message) {
    super(message, null, 409, null);
  }
}
