package ist.spike.api.operator;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ErrorCode;
import ist.spike.api.ShardArray;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Response of recover: every shard by its 1-based index, {@code {"shards":{"1":[32 numbers],...}}}
 * (keys sorted as strings). {@link #close()} zeroes every shard.
 *
 * @param shards shards by index; {@code null} is Go's nil map; a {@code null} entry is a nil
 *     pointer
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"shards", "err"})
public record RecoverResponse(
    @JsonSerialize(using = ShardArray.MapWriter.class)
        @JsonDeserialize(contentUsing = ShardArray.Reader.class)
        Map<Integer, byte[]> shards,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse, AutoCloseable {
  /** Copies the map (not the shard holders) and normalizes nulls. */
  public RecoverResponse {
    shards = shards == null ? null : Collections.unmodifiableMap(new TreeMap<>(shards));
    err = Wire.str(err);
  }

  /**
   * Returns a success body; the response takes over zeroing the given arrays.
   *
   * @param shards shards by index
   * @return the body
   */
  public static RecoverResponse success(Map<Integer, byte[]> shards) {
    return new RecoverResponse(requireNonNull(shards, "shards"), "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"shards":null,"err":"<code>"}}
   */
  public static RecoverResponse error(ErrorCode code) {
    return new RecoverResponse(null, requireNonNull(code, "code").code());
  }

  /** Zeroes every shard value. */
  @Override
  public void close() {
    if (shards != null) {
      shards.values().forEach(ShardArray::wipe);
    }
  }

  @Override
  public String toString() {
    return "RecoverResponse[shards="
        + (shards == null ? "null" : "indexes " + shards.keySet() + " (values redacted)")
        + ", err="
        + err
        + "]";
  }
}
