package ist.spike.server;

import static java.util.Objects.requireNonNull;

import ist.spike.api.ErrorCode;
import java.util.Optional;

/**
 * A failure a handler reports to the client. Each subclass is one failure class with a fixed {@link
 * ErrorCode}; the server's {@link ErrorTable} maps these and the application's own exceptions to
 * status and code. The optional public message is sent to the client in the {@code message} field,
 * so it must state the rule and non-secret values only; the exception message (for logs) is the
 * same text.
 */
public abstract class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Optional<String> publicMessage;

  /**
   * Creates the exception.
   *
   * @param publicMessage text for the client, or null for none
   */
  protected ApiException(String publicMessage) {
    super(publicMessage);
    this.publicMessage = Optional.ofNullable(publicMessage);
  }

  /**
   * Creates the exception with a cause that is logged, never sent.
   *
   * @param publicMessage text for the client, or null for none
   * @param cause the cause
   */
  protected ApiException(String publicMessage, Throwable cause) {
    super(publicMessage, requireNonNull(cause, "cause must not be null"));
    this.publicMessage = Optional.ofNullable(publicMessage);
  }

  /** Returns the SPIKE error code this failure answers with. */
  public abstract ErrorCode errorCode();

  /** Returns the text for the client's {@code message} field, if any. */
  public Optional<String> publicMessage() {
    return publicMessage == null ? Optional.empty() : publicMessage;
  }
}
