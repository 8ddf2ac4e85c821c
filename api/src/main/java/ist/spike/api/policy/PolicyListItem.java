package ist.spike.api.policy;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * One entry of a policy list.
 *
 * @param id the policy id (SPIKE always sends {@code ""})
 * @param name the policy name
 */
@JsonPropertyOrder({"id", "name"})
public record PolicyListItem(String id, String name) {
  /** Normalizes nulls. */
  public PolicyListItem {
    id = Wire.str(id);
    name = Wire.str(name);
  }
}
