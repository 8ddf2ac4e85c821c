package ist.spike.api.keeper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ShardValue;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/store/contribute}: {@code {"shard":[32 numbers]}}.
 *
 * @param shard the 32-byte value; {@code null} if absent
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"shard", "err"})
public record ShardPutRequest(
    ShardValue shard, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements AutoCloseable {
  /** Normalizes nulls. */
  public ShardPutRequest {
    err = Wire.str(err);
  }

  /**
   * Creates a request; the request takes over closing {@code shard}.
   *
   * @param shard the value
   * @return the request
   */
  public static ShardPutRequest of(ShardValue shard) {
    return new ShardPutRequest(shard, "");
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
    return "ShardPutRequest[shard=" + (shard == null ? "null" : "redacted") + "]";
  }
}
