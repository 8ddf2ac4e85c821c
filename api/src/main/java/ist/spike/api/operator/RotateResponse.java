package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of {@code POST /v1/operator/rotate} and {@code ?action=status} (our extension,
 * ADR-0162): the root-key generation in use and the last rotation's progress, {@code
 * {"generation":1,"to":2,"phase":"resealing","delivered":3,"resealed":120}}. Public data.
 *
 * @param generation the active root-key generation (1 before any rotation); 0 in an error body
 * @param to the generation the last rotation goes to; 0 if none was started
 * @param phase {@code pending}, {@code delivering}, {@code resealing}, {@code done}, or {@code ""}
 *     if none was started
 * @param delivered Keepers that received a new shard in this process's run
 * @param resealed rows re-sealed in this process's run
 * @param retries failed attempts of an unfinished rotation that Nexus resumes by itself (ADR-0230);
 *     0 when none stopped
 * @param retryIn seconds until that resume runs (rounded up); 0 when none is scheduled
 * @param stoppedBy why the last attempt stopped (Keeper URLs and errors); omitted when empty
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({
  "generation",
  "to",
  "phase",
  "delivered",
  "resealed",
  "retries",
  "retry_in",
  "stopped_by",
  "err"
})
public record RotateResponse(
    int generation,
    int to,
    String phase,
    int delivered,
    long resealed,
    int retries,
    @JsonProperty("retry_in") long retryIn,
    @JsonProperty("stopped_by") @JsonInclude(JsonInclude.Include.NON_EMPTY) String stoppedBy,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls. */
  public RotateResponse {
    phase = Wire.str(phase);
    stoppedBy = Wire.str(stoppedBy);
    err = Wire.str(err);
  }

  /** Returns a success body. */
  public static RotateResponse success(
      int generation, int to, String phase, int delivered, long resealed) {
    return new RotateResponse(generation, to, phase, delivered, resealed, 0, 0, "", "");
  }

  /** Returns this body with the background resume of a stopped rotation (ADR-0230). */
  public RotateResponse withRetry(int retries, long retryIn, String stoppedBy) {
    return new RotateResponse(
        generation, to, phase, delivered, resealed, retries, retryIn, stoppedBy, err);
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return {@code {"generation":0,"to":0,"phase":"","delivered":0,"resealed":0,"err":"<code>"}}
   */
  public static RotateResponse error(ErrorCode code) {
    return new RotateResponse(0, 0, "", 0, 0, 0, 0, "", requireNonNull(code, "code").code());
  }

  /** Whether the last rotation still has work to do. */
  public boolean running() {
    return !phase.isEmpty() && !"done".equals(phase);
  }
}
