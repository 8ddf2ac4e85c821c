package ist.spike.server;

/**
 * Thrown by a request body stream when reading from the client fails (connection reset, read
 * timeout); the server answers 400 {@code api_bad_request} if it still can.
 */
public final class RequestBodyReadException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the I/O failure
   */
  public RequestBodyReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
