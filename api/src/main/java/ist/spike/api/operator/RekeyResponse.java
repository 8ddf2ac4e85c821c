package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of {@code POST /v1/operator/rekey} and {@code ?action=status} (our extension, ADR-0163):
 * the split in force and the last rekey's progress, {@code
 * {"threshold":2,"shares":5,"from":2,"to":3,"phase":"delivering","delivered":2}}. Public data.
 *
 * @param threshold the threshold of the split in force (recovery files of it restore); 0 in an
 *     error body
 * @param shares the configured Keeper count
 * @param from the threshold before the last rekey; 0 if none was recorded
 * @param to the threshold the last rekey goes to; 0 if none was recorded
 * @param phase {@code pending}, {@code delivering}, {@code done}, or {@code ""} if none was
 *     recorded
 * @param delivered Keepers that received a new shard in this process's run
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"threshold", "shares", "from", "to", "phase", "delivered", "err"})
public record RekeyResponse(
    int threshold,
    int shares,
    int from,
    int to,
    String phase,
    int delivered,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls. */
  public RekeyResponse {
    phase = Wire.str(phase);
    err = Wire.str(err);
  }

  /** Returns a success body. */
  public static RekeyResponse success(
      int threshold, int shares, int from, int to, String phase, int delivered) {
    return new RekeyResponse(threshold, shares, from, to, phase, delivered, "");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return a body with zeros, an empty phase and {@code "err":"<code>"}
   */
  public static RekeyResponse error(ErrorCode code) {
    return new RekeyResponse(0, 0, 0, 0, "", 0, requireNonNull(code, "code").code());
  }

  /** Whether the last rekey still has work to do. */
  public boolean running() {
    return !phase.isEmpty() && !"done".equals(phase);
  }
}
