package ist.spike.api.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.GoTime;
import ist.spike.api.internal.Wire;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Response of policy get: the policy's fields at top level. The SPIFFE ID pattern is spelled {@code
 * spiffiedPattern} here (SPIKE's typo), unlike in requests.
 *
 * @param id the policy id (SPIKE always sends {@code ""})
 * @param name the policy name
 * @param spiffiedPattern the SPIFFE ID pattern (wire name {@code spiffiedPattern})
 * @param pathPattern the path pattern
 * @param permissions the permissions; {@code null} is Go's nil slice
 * @param createdAt creation time (Go zero time on error bodies)
 * @param updatedAt last update time
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({
  "id",
  "name",
  "spiffiedPattern",
  "pathPattern",
  "permissions",
  "createdAt",
  "updatedAt",
  "err"
})
public record PolicyReadResponse(
    String id,
    String name,
    @JsonProperty("spiffiedPattern") String spiffiedPattern,
    String pathPattern,
    List<String> permissions,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls to Go zero values and copies the list. */
  public PolicyReadResponse {
    id = Wire.str(id);
    name = Wire.str(name);
    spiffiedPattern = Wire.str(spiffiedPattern);
    pathPattern = Wire.str(pathPattern);
    permissions = Wire.stringList(permissions);
    createdAt = createdAt == null ? GoTime.ZERO : createdAt;
    updatedAt = updatedAt == null ? GoTime.ZERO : updatedAt;
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param name the policy name
   * @param spiffeidPattern the SPIFFE ID pattern
   * @param pathPattern the path pattern
   * @param permissions the permissions
   * @param createdAt creation time
   * @param updatedAt update time
   * @return the body, with {@code id} empty as SPIKE sends it
   */
  public static PolicyReadResponse success(
      String name,
      String spiffeidPattern,
      String pathPattern,
      List<String> permissions,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {
    return new PolicyReadResponse(
        "", name, spiffeidPattern, pathPattern, permissions, createdAt, updatedAt, "");
  }

  /**
   * Returns SPIKE's error body for a code (all fields zero-valued plus {@code err}).
   *
   * @param code the error
   * @return the body
   */
  public static PolicyReadResponse error(ErrorCode code) {
    return new PolicyReadResponse(
        "", "", "", "", null, null, null, requireNonNull(code, "code").code());
  }
}
