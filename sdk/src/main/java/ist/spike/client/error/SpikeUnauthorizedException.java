package ist.spike.client.error;

import ist.spike.api.ErrorCode;

/** This SPIFFE ID may not do this (401 {@code access_unauthorized}). */
public final class SpikeUnauthorizedException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do about it
   * @param errorCode the server's code, or null
   * @param httpStatus the HTTP status, or 0
   * @param cause the cause, or null
   */
  public SpikeUnauthorizedException(
      String message, ErrorCode errorCode, int httpStatus, Throwable cause) {
    super(message, errorCode, httpStatus, cause);
  }
}
