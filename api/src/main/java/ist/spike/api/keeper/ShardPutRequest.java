package ist.spike.api.keeper;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ist.spike.api.ShardArray;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code POST /v1/store/contribute}: SPIKE's {@code {"shard":[32 numbers]}} plus two
 * optional extensions that SPIKE's Keepers ignore and SPIKE's senders omit: {@code "index"} (the
 * shard's 1-based index) and {@code "commitments"} (the Feldman commitments of the split, one
 * 66-digit hex point per coefficient, ADR-0161), which a Keeper checks the shard against.
 *
 * @param shard the value as decoded (32 bytes from a well-formed sender; see {@link ShardArray});
 *     {@code null} if absent; zeroed by {@link #close()}
 * @param err never set by clients; omitted when empty
 * @param index the shard's index; {@code null} if absent (omitted)
 * @param commitments the commitments; {@code null} or empty if absent (omitted)
 */
@JsonPropertyOrder({"shard", "err", "index", "commitments"})
public record ShardPutRequest(
    @JsonSerialize(using = ShardArray.Writer.class)
        @JsonDeserialize(using = ShardArray.Reader.class)
        byte[] shard,
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
   * Creates SPIKE's request with a copy of {@code shard} (the caller zeroes its own array).
   *
   * @param shard the 32-byte value
   * @return the request
   */
  public static ShardPutRequest of(byte[] shard) {
    return new ShardPutRequest(shard.clone(), "", null, List.of());
  }

  /**
   * Creates a request with our extensions and a copy of {@code shard} (the caller zeroes its own
   * array).
   *
   * @param shard the 32-byte value
   * @param index the shard's 1-based index
   * @param commitments the split's commitments as hex points; may be empty
   * @return the request
   */
  public static ShardPutRequest of(byte[] shard, int index, List<String> commitments) {
    return new ShardPutRequest(shard.clone(), "", index, commitments);
  }

  /** Zeroes the shard value. */
  @Override
  public void close() {
    ShardArray.wipe(shard);
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
