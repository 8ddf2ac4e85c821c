package ist.spike.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/acl/policy?action=list}: filter by exact SPIFFE ID pattern, else by exact
 * path pattern, else list all.
 *
 * @param spiffeidPattern exact SPIFFE ID pattern to match, or {@code ""}
 * @param pathPattern exact path pattern to match, or {@code ""}
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"spiffeidPattern", "pathPattern", "err"})
public record PolicyListRequest(
    @JsonProperty("spiffeidPattern") String spiffeidPattern,
    String pathPattern,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls. */
  public PolicyListRequest {
    spiffeidPattern = Wire.str(spiffeidPattern);
    pathPattern = Wire.str(pathPattern);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param spiffeidPattern SPIFFE ID pattern filter or {@code ""}
   * @param pathPattern path pattern filter or {@code ""}
   * @return the request
   */
  public static PolicyListRequest of(String spiffeidPattern, String pathPattern) {
    return new PolicyListRequest(spiffeidPattern, pathPattern, "");
  }
}
