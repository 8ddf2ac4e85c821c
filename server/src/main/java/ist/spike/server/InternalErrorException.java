package ist.spike.server;

import ist.spike.api.ErrorCode;

/** The server failed; the client learns nothing more (500 {@code api_internal_error}). */
public class InternalErrorException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception without a client message. */
  public InternalErrorException() {
    super(null);
  }

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client: the rule and non-secret values only
   */
  public InternalErrorException(String publicMessage) {
    super(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  public InternalErrorException(String publicMessage, Throwable cause) {
    super(publicMessage, cause);
  }

  @Override
  public final ErrorCode errorCode() {
    return ErrorCode.INTERNAL;
  }
}
