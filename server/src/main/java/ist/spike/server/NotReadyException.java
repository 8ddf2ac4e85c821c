package ist.spike.server;

import ist.spike.api.ErrorCode;

/** The server cannot serve this yet (503 {@code state_not_ready}). */
public class NotReadyException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception without a client message. */
  public NotReadyException() {
    super(null);
  }

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client: the rule and non-secret values only
   */
  public NotReadyException(String publicMessage) {
    super(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  public NotReadyException(String publicMessage, Throwable cause) {
    super(publicMessage, cause);
  }

  @Override
  public final ErrorCode errorCode() {
    return ErrorCode.NOT_READY;
  }
}
