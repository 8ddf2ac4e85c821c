package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/store/secrets/metadata?action=get}.
 *
 * @param path the secret path
 * @param version the version whose existence is checked; 0 (omitted on the wire) means the current
 *     one
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"path", "version", "err"})
public record SecretMetadataRequest(
    String path,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int version,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls to Go zero values. */
  public SecretMetadataRequest {
    path = Wire.str(path);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param path the secret path
   * @param version the version, 0 for the current one
   * @return the request
   */
  public static SecretMetadataRequest of(String path, int version) {
    return new SecretMetadataRequest(path, version, "");
  }
}
