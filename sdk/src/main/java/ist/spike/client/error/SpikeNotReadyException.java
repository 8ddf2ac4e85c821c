package ist.spike.client.error;

import ist.spike.api.ErrorCode;

/** The server is not ready, e.g. Nexus without its root key (503 {@code state_not_ready}). */
public final class SpikeNotReadyException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do about it
   * @param errorCode the server's code, or null
   * @param httpStatus the HTTP status, or 0
   * @param cause the cause, or null
   */
  public SpikeNotReadyException(
      String message, ErrorCode errorCode, int httpStatus, Throwable cause) {
    super(message, errorCode, httpStatus, cause);
  }
}
