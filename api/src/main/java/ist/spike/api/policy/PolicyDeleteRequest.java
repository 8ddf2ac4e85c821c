package ist.spike.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/acl/policy?action=delete}. SPIKE puts the policy <em>name</em> in {@code
 * id}.
 *
 * @param id the policy name
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"id", "err"})
public record PolicyDeleteRequest(
    String id, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls. */
  public PolicyDeleteRequest {
    id = Wire.str(id);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param name the policy name
   * @return the request
   */
  public static PolicyDeleteRequest of(String name) {
    return new PolicyDeleteRequest(name, "");
  }
}
