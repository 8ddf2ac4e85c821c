package ist.spike.keeper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ShardValue;

/**
 * Body of {@code POST /v1/store/contribute}: SPIKE's {@code {"shard":[32 numbers]}} plus our
 * optional {@code "index"} (the shard's 1-based index, sent by our Nexus and Bootstrap; SPIKE's
 * senders omit it and SPIKE's Keepers ignore it).
 *
 * @param shard the value, null if absent
 * @param index the index, null if absent
 */
@JsonPropertyOrder({"shard", "index"})
record ContributeBody(ShardValue shard, @JsonInclude(JsonInclude.Include.NON_NULL) Integer index)
    implements AutoCloseable {
  @Override
  public void close() {
    if (shard != null) {
      shard.close();
    }
  }

  @Override
  public String toString() {
    return "ContributeBody[shard="
        + (shard == null ? "null" : "redacted")
        + ", index="
        + index
        + "]";
  }
}
