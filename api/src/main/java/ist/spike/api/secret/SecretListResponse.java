package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Response of secret list: {@code {"keys":[...]}}.
 *
 * @param keys the secret paths; {@code null} is Go's nil slice
 * @param next for a paged list with more paths: the {@code after} of the next page; omitted when
 *     empty
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"keys", "next", "err"})
public record SecretListResponse(
    List<String> keys,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String next,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls and copies the list. */
  public SecretListResponse {
    keys = Wire.stringList(keys);
    next = Wire.str(next);
    err = Wire.str(err);
  }

  /** Creates a response without a next-page cursor. */
  public SecretListResponse(List<String> keys, String err) {
    this(keys, "", err);
  }

  /**
   * Returns a page of a paged list.
   *
   * @param keys the paths
   * @param next the cursor of the next page, "" on the last page
   * @return the body
   */
  public static SecretListResponse page(List<String> keys, String next) {
    return new SecretListResponse(keys, next, "");
  }

  /**
   * Returns a success body.
   *
   * @param keys the paths
   * @return the body
   */
  public static SecretListResponse success(List<String> keys) {
    return new SecretListResponse(keys, "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"keys":null,"err":"<code>"}}
   */
  public static SecretListResponse error(ErrorCode code) {
    return new SecretListResponse(null, requireNonNull(code, "code").code());
  }
}
