package ist.spike.api.keeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of keeper contribute: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record ShardPutResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public ShardPutResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static ShardPutResponse success() {
    return new ShardPutResponse("");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static ShardPutResponse error(ErrorCode code) {
    return new ShardPutResponse(requireNonNull(code, "code").code());
  }
}
