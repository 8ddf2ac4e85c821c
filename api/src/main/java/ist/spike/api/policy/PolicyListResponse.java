package ist.spike.api.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Response of policy list: {@code {"policies":[{"id":"","name":"..."}]}}.
 *
 * @param policies the matching policies; {@code null} is Go's nil slice
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"policies", "err"})
public record PolicyListResponse(
    List<PolicyListItem> policies, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the list. */
  public PolicyListResponse {
    policies =
        policies == null
            ? null
            : policies.stream()
                .map(item -> item == null ? new PolicyListItem("", "") : item)
                .toList();
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param policies the items
   * @return the body
   */
  public static PolicyListResponse success(List<PolicyListItem> policies) {
    return new PolicyListResponse(policies, "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"policies":null,"err":"<code>"}}
   */
  public static PolicyListResponse error(ErrorCode code) {
    return new PolicyListResponse(null, requireNonNull(code, "code").code());
  }
}
