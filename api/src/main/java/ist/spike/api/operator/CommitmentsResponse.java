package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Response of {@code POST /v1/operator/commitments} (our extension, ADR-0161): the Feldman
 * commitments of the root key's current Shamir split, {@code {"threshold":2,"commitments":["02…",
 * "03…"]}}, one 66-digit hex point (SEC1 compressed, P-256) per polynomial coefficient. Public
 * data: it reveals nothing usable about the root key or the shards.
 *
 * @param threshold the split's threshold (the number of commitments); 0 in an error body
 * @param commitments the points, coefficient 0 first; {@code null} in an error body
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"threshold", "commitments", "err"})
public record CommitmentsResponse(
    int threshold, List<String> commitments, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Copies the list and normalizes nulls. */
  public CommitmentsResponse {
    commitments = commitments == null ? null : List.copyOf(commitments);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param commitments the points as hex, coefficient 0 first; at least one
   * @return the body
   */
  public static CommitmentsResponse success(List<String> commitments) {
    requireNonNull(commitments, "commitments");
    return new CommitmentsResponse(commitments.size(), commitments, "");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return {@code {"threshold":0,"commitments":null,"err":"<code>"}}
   */
  public static CommitmentsResponse error(ErrorCode code) {
    return new CommitmentsResponse(0, null, requireNonNull(code, "code").code());
  }
}
