package ist.spike.api;

import java.util.Optional;

/**
 * A SPIKE response body. On failure SPIKE sends the whole zero-valued response type with only the
 * error field set (for example {@code {"data":null,"err":"api_not_found"}}); every response record
 * has a static {@code error(ErrorCode)} factory that builds exactly that body.
 */
public interface SpikeResponse {
  /** Returns the wire error code, or {@code ""} on success. */
  String err();

  /** Returns the error code if one is set and known to this version. */
  default Optional<ErrorCode> errorCode() {
    return err().isEmpty() ? Optional.empty() : ErrorCode.fromCode(err());
  }

  /** Returns whether the error field is set (a 200 body with an error is still a failure). */
  default boolean failed() {
    return !err().isEmpty();
  }
}
