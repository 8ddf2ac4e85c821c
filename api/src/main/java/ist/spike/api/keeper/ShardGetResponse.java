package ist.spike.api.keeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ErrorCode;
import ist.spike.api.ShardArray;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of keeper shard get: {@code {"shard":[32 numbers],"Err":""}}. The error key is
 * capitalised and never omitted (SPIKE's struct field has no JSON tag); decoding also accepts
 * {@code "err"}. Our Keepers add {@code "index"} when the contributor sent one (SPIKE's Nexus
 * ignores it).
 *
 * @param shard the value as decoded; {@code null} when the keeper holds none; zeroed by {@link
 *     #close()}
 * @param err the error code, {@code ""} on success (wire name {@code Err})
 * @param index the shard's index as contributed; {@code null} if unknown (omitted)
 */
@JsonPropertyOrder({"shard", "Err", "index"})
public record ShardGetResponse(
    @JsonSerialize(using = ShardArray.Writer.class)
        @JsonDeserialize(using = ShardArray.Reader.class)
        byte[] shard,
    @JsonProperty("Err") String err,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer index)
    implements SpikeResponse, AutoCloseable {
  /** Normalizes nulls. */
  public ShardGetResponse {
    err = Wire.str(err);
  }

  /**
   * Returns a success body with a copy of {@code shard} (the caller zeroes its own array).
   *
   * @param shard the value
   * @return the body
   */
  public static ShardGetResponse success(byte[] shard) {
    return new ShardGetResponse(requireNonNull(shard, "shard").clone(), "", null);
  }

  /**
   * Returns a success body with the shard's index and a copy of {@code shard} (the caller zeroes
   * its own array).
   *
   * @param shard the value
   * @param index the index, or null if unknown
   * @return the body
   */
  public static ShardGetResponse success(byte[] shard, Integer index) {
    return new ShardGetResponse(requireNonNull(shard, "shard").clone(), "", index);
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"shard":null,"Err":"<code>"}}
   */
  public static ShardGetResponse error(ErrorCode code) {
    return new ShardGetResponse(null, requireNonNull(code, "code").code(), null);
  }

  /** Zeroes the shard value. */
  @Override
  public void close() {
    ShardArray.wipe(shard);
  }

  @Override
  public String toString() {
    return "ShardGetResponse[shard="
        + (shard == null ? "null" : "redacted")
        + ", Err="
        + err
        + ", index="
        + index
        + "]";
  }
}
