package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Body of {@code POST /v1/store/secrets?action=list}. SPIKE sends {@code {}} (every path); the
 * optional fields are an extension that pages through the paths under a prefix.
 *
 * @param prefix only paths starting with this; null or empty for all
 * @param after the {@code next} cursor of the previous page; null or empty for the first page
 * @param limit the page size (1 to 1000), or null for every matching path in one answer
 */
@JsonPropertyOrder({"prefix", "after", "limit"})
public record SecretListRequest(
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String prefix,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String after,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer limit) {
  /** SPIKE's body: {@code {}}. */
  public SecretListRequest() {
    this(null, null, null);
  }

  /**
   * Returns true if any paging field is set (otherwise SPIKE's plain list applies). An empty string
   * counts as absent: Go-style decoding reads a missing string as {@code ""}.
   */
  public boolean paged() {
    return (prefix != null && !prefix.isEmpty())
        || (after != null && !after.isEmpty())
        || limit != null;
  }
}
