package ist.spike.client.error;

import ist.spike.api.ErrorCode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A SPIKE call failed. Subclasses name the failure class; {@link #errorCode()} and {@link
 * #httpStatus()} carry what the server said, when it said anything.
 */
public abstract class SpikeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ErrorCode errorCode;
  private final int httpStatus;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do about it
   * @param errorCode the server's code, or null
   * @param httpStatus the HTTP status, or 0 when there was no response
   * @param cause the cause, or null
   */
  protected SpikeException(String message, ErrorCode errorCode, int httpStatus, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
  }

  /** Returns the SPIKE error code the server answered with, if any. */
  public Optional<ErrorCode> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** Returns the HTTP status, if a response arrived. */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }
}
