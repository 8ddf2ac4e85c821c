package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.GoMapSerializer;
import ist.spike.api.internal.Wire;
import java.util.Map;

/**
 * Response of secret get: {@code {"data":{...}}}; on error {@code {"data":null,"err":"..."}}.
 *
 * @param data the secret's key/value pairs; {@code null} is Go's nil map
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"data", "err"})
public record SecretGetResponse(
    @JsonSerialize(using = GoMapSerializer.class) Map<String, String> data,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the map. */
  public SecretGetResponse {
    data = Wire.stringMap(data);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param data the key/value pairs; null gives {@code "data":null}
   * @return the body
   */
  public static SecretGetResponse success(Map<String, String> data) {
    return new SecretGetResponse(data, "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"data":null,"err":"<code>"}}
   */
  public static SecretGetResponse error(ErrorCode code) {
    return new SecretGetResponse(null, requireNonNull(code, "code").code());
  }

  @Override
  public String toString() {
    return "SecretGetResponse[data="
        + (data == null ? "null" : data.size() + " keys (redacted)")
        + ", err="
        + err
        + "]";
  }
}
