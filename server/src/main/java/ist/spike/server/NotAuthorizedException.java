package ist.spike.server;

import ist.spike.api.ErrorCode;

/** The peer may not do this (401 {@code access_unauthorized}). */
public class NotAuthorizedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception without a client message. */
  public NotAuthorizedException() {
    super(null);
  }

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client: the rule and non-secret values only
   */
  public NotAuthorizedException(String publicMessage) {
    super(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  public NotAuthorizedException(String publicMessage, Throwable cause) {
    super(publicMessage, cause);
  }

  @Override
  public final ErrorCode errorCode() {
    return ErrorCode.UNAUTHORIZED;
  }
}
