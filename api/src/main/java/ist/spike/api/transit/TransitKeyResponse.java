package ist.spike.api.transit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of the {@code /v1/transit/keys} actions: {@code {"key":{...}}}, {@code {}} after delete,
 * or {@code {"key":null,"err":"..."}}.
 *
 * @param key the key's description; null after delete and on errors
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"key", "err"})
public record TransitKeyResponse(
    @JsonInclude(JsonInclude.Include.NON_NULL) TransitKeyInfo key,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public TransitKeyResponse {
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param key the key, or null (delete)
   * @return the body
   */
  public static TransitKeyResponse success(TransitKeyInfo key) {
    return new TransitKeyResponse(key, "");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return {@code {"err":"<code>"}}
   */
  public static TransitKeyResponse error(ErrorCode code) {
    return new TransitKeyResponse(null, requireNonNull(code, "code").code());
  }
}
