package ist.spike.api.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ShardValue;
import ist.spike.api.internal.Wire;

/**
 * Body of {@code POST /v1/operator/restore}: one shard typed in by an operator.
 *
 * @param id the shard's 1-based index (validated by Nexus)
 * @param shard the 32-byte value; {@code null} if absent
 * @param err never set by clients; omitted when empty
 */
@JsonPropertyOrder({"id", "shard", "err"})
public record RestoreRequest(
    int id, ShardValue shard, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements AutoCloseable {
  /** Normalizes nulls. */
  public RestoreRequest {
    err = Wire.str(err);
  }

  /**
   * Creates a request; the request takes over closing {@code shard}.
   *
   * @param id the index
   * @param shard the value
   * @return the request
   */
  public static RestoreRequest of(int id, ShardValue shard) {
    return new RestoreRequest(id, shard, "");
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
    return "RestoreRequest[id=" + id + ", shard=" + (shard == null ? "null" : "redacted") + "]";
  }
}
