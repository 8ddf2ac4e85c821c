package ist.spike.server;

/**
 * Thrown by a request body stream when the body exceeds its limit; the server answers 413 {@code
 * api_payload_too_large} (if nothing was written yet) and keeps serving.
 */
public final class RequestBodyTooLargeException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /**
   * Creates the exception.
   *
   * @param limit the limit in bytes
   */
  public RequestBodyTooLargeException(long limit) {
    super("request body is larger than the limit of " + limit + " bytes");
    this.limit = limit;
  }

  /** Returns the limit in bytes that was exceeded. */
  public long limit() {
    return limit;
  }
}
