package ist.spike.api.transit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Response of key list: {@code {"names":["a","b"]}} in ascending order.
 *
 * @param names the key names; null on errors
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"names", "err"})
public record TransitKeyListResponse(
    List<String> names, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the list. */
  public TransitKeyListResponse {
    names = Wire.stringList(names);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param names the names
   * @return the body
   */
  public static TransitKeyListResponse success(List<String> names) {
    return new TransitKeyListResponse(requireNonNull(names, "names"), "");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return {@code {"names":null,"err":"<code>"}}
   */
  public static TransitKeyListResponse error(ErrorCode code) {
    return new TransitKeyListResponse(null, requireNonNull(code, "code").code());
  }
}
