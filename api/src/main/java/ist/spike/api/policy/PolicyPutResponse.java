package ist.spike.api.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of policy put: {@code {}} (SPIKE never assigns ids, so {@code id} is omitted).
 *
 * @param id the policy id; omitted when empty
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"id", "err"})
public record PolicyPutResponse(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String id,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls. */
  public PolicyPutResponse {
    id = Wire.str(id);
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static PolicyPutResponse success() {
    return new PolicyPutResponse("", "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"err":"<code>"}}
   */
  public static PolicyPutResponse error(ErrorCode code) {
    return new PolicyPutResponse("", requireNonNull(code, "code").code());
  }
}
