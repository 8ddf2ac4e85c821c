package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of restore: {@code {"collected":n,"remaining":m,"restored":bool}}, plus {@code
 * "ignored":true} (ours; SPIKE's decoder ignores unknown fields) when the shard was discarded
 * because Nexus already held its root key. Without it the body is SPIKE's.
 *
 * @param collected shards held so far
 * @param remaining shards still needed
 * @param restored whether Nexus holds its root key
 * @param ignored whether the shard was discarded unused (Nexus was already restored); omitted when
 *     false
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"collected", "remaining", "restored", "ignored", "err"})
public record RestoreResponse(
    int collected,
    int remaining,
    boolean restored,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean ignored,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes nulls. */
  public RestoreResponse {
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param collected shards held
   * @param remaining shards still needed
   * @param restored whether the key is rebuilt
   * @return the body
   */
  public static RestoreResponse success(int collected, int remaining, boolean restored) {
    return new RestoreResponse(collected, remaining, restored, false, "");
  }

  /**
   * Returns the answer to a shard sent while Nexus already holds its root key: {@code
   * {"collected":0,"remaining":0,"restored":true,"ignored":true}}. SPIKE's Pilot reads it as
   * "restored", which is true of Nexus; the shard itself was not used.
   *
   * @return the body
   */
  public static RestoreResponse ignoredAlreadyRestored() {
    return new RestoreResponse(0, 0, true, true, "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"collected":0,"remaining":0,"restored":false,"err":"<code>"}}
   */
  public static RestoreResponse error(ErrorCode code) {
    return new RestoreResponse(0, 0, false, false, requireNonNull(code, "code").code());
  }
}
