package ist.spike.keeper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ShardValue;

/**
 * Success body of {@code POST /v1/store/shard}: SPIKE's {@code {"shard":[...],"Err":""}} plus
 * {@code "index"} when the contributor sent one.
 *
 * @param shard the value
 * @param err always {@code ""} (SPIKE's untagged, capitalised field)
 * @param index the stored index, or null
 */
@JsonPropertyOrder({"shard", "Err", "index"})
record ShardBody(
    ShardValue shard,
    @JsonProperty("Err") String err,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer index)
    implements AutoCloseable {
  @Override
  public void close() {
    shard.close();
  }

  @Override
  public String toString() {
    return "ShardBody[shard=redacted, index=" + index + "]";
  }
}
