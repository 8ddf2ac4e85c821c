package ist.spike.api.keeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.ShardValue;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of keeper shard get: {@code {"shard":[32 numbers],"Err":""}}. The error key is
 * capitalised and never omitted (SPIKE's struct field has no JSON tag); decoding also accepts
 * {@code "err"}.
 *
 * @param shard the 32-byte value; {@code null} when the keeper holds none
 * @param err the error code, {@code ""} on success (wire name {@code Err})
 */
@JsonPropertyOrder({"shard", "Err"})
public record ShardGetResponse(ShardValue shard, @JsonProperty("Err") String err)
    implements SpikeResponse, AutoCloseable {
  /** Normalizes nulls. */
  public ShardGetResponse {
    err = Wire.str(err);
  }

  /**
   * Returns a success body; the response takes over closing {@code shard}.
   *
   * @param shard the value
   * @return the body
   */
  public static ShardGetResponse success(ShardValue shard) {
    return new ShardGetResponse(requireNonNull(shard, "shard"), "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"shard":null,"Err":"<code>"}}
   */
  public static ShardGetResponse error(ErrorCode code) {
    return new ShardGetResponse(null, requireNonNull(code, "code").code());
  }

  /** Zeroes the shard value. */
  @Override
  public void close() {
    if (shard != null) {
      shard.close();
    }
  }

  @Override
  public String toString() {
    return "ShardGetResponse[shard=" + (shard == null ? "null" : "redacted") + ", Err=" + err + "]";
  }
}
