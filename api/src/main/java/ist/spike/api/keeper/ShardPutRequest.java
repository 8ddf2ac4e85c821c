package ist.spike.api.keeper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ShardValue;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code POST /v1/store/contribute}: SPIKE's {@code {"shard":[32 numbers]}} plus two
 * optional extensions that SPIKE's Keepers ignore and SPIKE's senders omit: {@code "index"} (the
 * shard's 1-based index) and {@code "commitments"} (the Feldman commitments of the split, one
 * 66-digit hex point per coefficient, ADR-0161), which a Keeper checks the shard against.
 *
 * @param shard the 32-byte value; {@code null} if absent
 * @param err never set by clients; omitted when empty
 * @param index the shard's index; {@code null} if absent (omitted)
 * @param commitments the commitments; {@code null} or empty if absent (omitted)
 */
@JsonPropertyOrder({"shard", "err", "index", "commitments"})
public record ShardPutRequest(
    ShardValue shard,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String err,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer index,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> commitments)
    implements AutoCloseable {
  /** Normalizes nulls and copies the list. */
  public ShardPutRequest {
    err = Wire.str(err);
    commitments = commitments == null ? List.of() : List.copyOf(commitments);
  }

  /**
   * Creates SPIKE's request; the request takes over closing {@code shard}.
   *
   * @param shard the value
   * @return the request
   */
  public static ShardPutRequest of(ShardValue shard) {
    return new ShardPutRequest(shard, "", null, List.of());
  }

  /**
   * Creates a request with our extensions; the request takes over closing {@code shard}.
   *
   * @param shard the value
   * @param index the shard's 1-based index
   * @param commitments the split's commitments as hex points; may be empty
   * @return the request
   */
  public static ShardPutRequest of(ShardValue shard, int index, List<String> commitments) {
    return new ShardPutRequest(shard, "", index, commitments);
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
    return "ShardPutRequest[shard="
        + (shard == null ? "null" : "redacted")
        + ", index="
        + index
        + ", commitments="
        + commitments.size()
        + "]";
  }
}
