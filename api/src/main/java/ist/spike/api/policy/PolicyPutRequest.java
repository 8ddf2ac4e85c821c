package ist.spike.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code POST /v1/acl/policy} (create or update by name).
 *
 * @param name the policy name
 * @param spiffeidPattern RE2 pattern for caller SPIFFE IDs (wire name {@code spiffeidPattern})
 * @param pathPattern RE2 pattern for secret paths
 * @param permissions permission names ({@code read}, {@code write}, {@code list}, {@code execute},
 *     {@code super}); {@code null} is Go's nil slice
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"name", "spiffeidPattern", "pathPattern", "permissions", "err"})
public record PolicyPutRequest(
    String name,
    @JsonProperty("spiffeidPattern") String spiffeidPattern,
    String pathPattern,
    List<String> permissions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls to Go zero values and copies the list. */
  public PolicyPutRequest {
    name = Wire.str(name);
    spiffeidPattern = Wire.str(spiffeidPattern);
    pathPattern = Wire.str(pathPattern);
    permissions = Wire.stringList(permissions);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param name the policy name
   * @param spiffeidPattern the SPIFFE ID pattern
   * @param pathPattern the path pattern
   * @param permissions the permissions
   * @return the request
   */
  public static PolicyPutRequest of(
      String name, String spiffeidPattern, String pathPattern, List<String> permissions) {
    return new PolicyPutRequest(name, spiffeidPattern, pathPattern, permissions, "");
  }
}
