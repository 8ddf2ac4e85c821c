package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of {@code POST /v1/operator/rekey} and {@code ?action=status} (our extension, ADR-0163):
 * the split in force and the last rekey's progress, {@code
 * {"threshold":2,"shares":5,"from":2,"to":3,"phase":"delivering","delivered":2,"retries":1,
 * "retry_in":2,"stopped_by":"..."}}. Public data.
 *
 * @param threshold the threshold of the split in force (recovery files of it restore); 0 in an
 *     error body
 * @param shares the configured Keeper count
 * @param from the threshold before the last rekey; 0 if none was recorded
 * @param to the threshold the last rekey goes to; 0 if none was recorded
 * @param phase {@code pending}, {@code delivering}, {@code done}, or {@code ""} if none was
 *     recorded
 * @param delivered Keepers that received a new shard in this process's run
 * @param retries failed attempts of an unfinished rekey that Nexus resumes by itself (ADR-0230); 0
 *     when none stopped
 * @param retryIn seconds until that resume runs (rounded up); 0 when none is scheduled
 * @param stoppedBy why the last attempt stopped (Keeper URLs and errors); omitted when empty
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({
  "threshold",
  "shares",
  "from",
  "to",
  "phase",
  "delivered",
  "retries",
  "retry_in",
  "stopped_by",
  "err"
})
public record RekeyResponse(
    int threshold,
    int shares,
    int from,
    int to,
    String phase,
    int delivered,
    int retries,
    @JsonProperty("retry_in") long retryIn,
    @JsonProperty("stopped_by") @JsonInclude(JsonInclude.Include.NON_EMPTY) String stoppedBy,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls. */
  public RekeyResponse {
    phase = Wire.str(phase);
    stoppedBy = Wire.str(stoppedBy);
    err = Wire.str(err);
  }

  /** Returns a success body. */
  public static RekeyResponse success(
      int threshold, int shares, int from, int to, String phase, int delivered) {
    return new RekeyResponse(threshold, shares, from, to, phase, delivered, 0, 0, "", "");
  }

  /** Returns this body with the background resume of a stopped rekey (ADR-0230). */
  public RekeyResponse withRetry(int retries, long retryIn, String stoppedBy) {
    return new RekeyResponse(
        threshold, shares, from, to, phase, delivered, retries, retryIn, stoppedBy, err);
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return a body with zeros, an empty phase and {@code "err":"<code>"}
   */
  public static RekeyResponse error(ErrorCode code) {
    return new RekeyResponse(0, 0, 0, 0, "", 0, 0, 0, "", requireNonNull(code, "code").code());
  }

  /** Whether the last rekey still has work to do. */
  public boolean running() {
    return !phase.isEmpty() && !"done".equals(phase);
  }
}
