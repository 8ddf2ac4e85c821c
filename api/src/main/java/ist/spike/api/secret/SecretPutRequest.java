package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.internal.GoMapSerializer;
import ist.spike.api.internal.Wire;
import java.util.Map;

/**
 * Body of {@code POST /v1/store/secrets}: store {@code values} as a new version of {@code path}.
 *
 * @param path the secret path (validated by Nexus, not here)
 * @param values key/value pairs; {@code null} is Go's nil map (SPIKE stores it as an empty version
 *     that reads back as {@code "data":null})
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"path", "values", "err"})
public record SecretPutRequest(
    String path,
    @JsonSerialize(using = GoMapSerializer.class) Map<String, String> values,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {
  /** Normalizes nulls to Go zero values and copies the map. */
  public SecretPutRequest {
    path = Wire.str(path);
    values = Wire.stringMap(values);
    err = Wire.str(err);
  }

  /**
   * Creates a request.
   *
   * @param path the secret path
   * @param values the key/value pairs
   * @return the request
   */
  public static SecretPutRequest of(String path, Map<String, String> values) {
    return new SecretPutRequest(path, values, "");
  }

  @Override
  public String toString() {
    return "SecretPutRequest[path="
        + path
        + ", values="
        + (values == null ? "null" : values.size() + " keys (redacted)")
        + "]";
  }
}
