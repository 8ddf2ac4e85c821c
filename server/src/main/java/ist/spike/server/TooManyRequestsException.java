package ist.spike.server;

import ist.spike.api.ErrorCode;

/** Too many attempts (429 {@code api_too_many_requests}). */
public class TooManyRequestsException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception without a client message. */
  public TooManyRequestsException() {
    super(null);
  }

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client: the rule and non-secret values only
   */
  public TooManyRequestsException(String publicMessage) {
    super(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  public TooManyRequestsException(String publicMessage, Throwable cause) {
    super(publicMessage, cause);
  }

  @Override
  public final ErrorCode errorCode() {
    return ErrorCode.TOO_MANY_REQUESTS;
  }
}
