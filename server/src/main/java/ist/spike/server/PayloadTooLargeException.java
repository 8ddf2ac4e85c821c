package ist.spike.server;

import ist.spike.api.ErrorCode;

/** The request body exceeds its limit (413 {@code api_payload_too_large}). */
public class PayloadTooLargeException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception without a client message. */
  public PayloadTooLargeException() {
    super(null);
  }

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client: the rule and non-secret values only
   */
  public PayloadTooLargeException(String publicMessage) {
    super(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  public PayloadTooLargeException(String publicMessage, Throwable cause) {
    super(publicMessage, cause);
  }

  @Override
  public final ErrorCode errorCode() {
    return ErrorCode.PAYLOAD_TOO_LARGE;
  }
}
