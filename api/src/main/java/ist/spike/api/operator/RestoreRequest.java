package ist.spike.api.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ShardArray;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/operator/restore}: one shard typed in by an operator.
 *
 * @param id the shard's 1-based index (validated by Nexus)
 * @param shard the value as decoded (Nexus requires exactly 32 numbers); {@code null} if absent;
 *     zeroed by {@link #close()}
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"id", "shard", "err"})
public record RestoreRequest(
    int id,
    @JsonSerialize(using = ShardArray.Writer.class)
        @JsonDeserialize(using = ShardArray.Reader.class)
        byte[] shard,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements AutoCloseable {
  /** Normalizes nulls. */
  public RestoreRequest {
    err = Wire.str(err);
  }

  /**
   * Creates a request with a copy of {@code shard} (the caller zeroes its own array).
   *
   * @param id the index
   * @param shard the value
   * @return the request
   */
  public static RestoreRequest of(int id, byte[] shard) {
    return new RestoreRequest(id, shard.clone(), "");
  }

  /** Zeroes the shard value. */
  @Override
  public void close() {
    ShardArray.wipe(shard);
  }

  @Override
  public String toString() {
    return "RestoreRequest[id=" + id + ", shard=" + (shard == null ? "null" : "redacted") + "]";
  }
}
