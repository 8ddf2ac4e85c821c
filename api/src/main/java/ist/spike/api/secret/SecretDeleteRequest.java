package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code POST /v1/store/secrets?action=delete} (soft delete).
 *
 * @param path the secret path
 * @param versions versions to delete; 0 means current; {@code null} or empty means the current
 *     version
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"path", "versions", "err"})
public record SecretDeleteRequest(
    String path, List<Integer> versions, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls to Go zero values and copies the list. */
  public SecretDeleteRequest {
    path = Wire.str(path);
    versions = Wire.intList(versions);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param path the secret path
   * @param versions the versions; empty for the current one
   * @return the request
   */
  public static SecretDeleteRequest of(String path, List<Integer> versions) {
    return new SecretDeleteRequest(path, versions, "");
  }
}
