package ist.spike.client;

import java.util.Optional;

/** Nexus could not be reached, the TLS handshake failed, or the answer could not be read. */
public final class SpikeConnectionException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed (the URL, never request content)
   * @param cause the underlying failure
   */
  public SpikeConnectionException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Optional<Integer> httpStatus() {
    return Optional.empty();
  }
}
