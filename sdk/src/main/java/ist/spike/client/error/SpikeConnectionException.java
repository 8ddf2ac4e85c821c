package ist.spike.client.error;

import ist.spike.api.ErrorCode;

/**
 * No usable answer: the server is unreachable, refused our identity, presented an identity we do
 * not accept, or timed out (SPIKE's {@code net_peer_connection}).
 */
public final class SpikeConnectionException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do about it
   * @param errorCode the server's code, or null
   * @param httpStatus the HTTP status, or 0
   * @param cause the cause, or null
   */
  public SpikeConnectionException(
      String message, ErrorCode errorCode, int httpStatus, Throwable cause) {
    super(message, errorCode, httpStatus, cause);
  }
}
