package ist.spike.api.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of policy delete: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record PolicyDeleteResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public PolicyDeleteResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static PolicyDeleteResponse success() {
    return new PolicyDeleteResponse("");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"err":"<code>"}}
   */
  public static PolicyDeleteResponse error(ErrorCode code) {
    return new PolicyDeleteResponse(requireNonNull(code, "code").code());
  }
}
