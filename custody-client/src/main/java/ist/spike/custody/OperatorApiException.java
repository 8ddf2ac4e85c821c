package ist.spike.custody;

import ist.spike.api.ErrorCode;
import java.util.Optional;

/** A break-glass call failed: Nexus answered with an error code, or could not be reached. */
public final class OperatorApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Optional<ErrorCode> code;

  /**
   * @param code the error code Nexus answered, empty when Nexus could not be reached
   * @param message what happened, for the operator (no shard material)
   */
  public OperatorApiException(Optional<ErrorCode> code, String message) {
    super(message);
    this.code = code;
  }

  /** Returns the error code Nexus answered, empty when it could not be reached. */
  public Optional<ErrorCode> code() {
    return code;
  }
}
