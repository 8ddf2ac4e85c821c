package ist.spike.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body SPIKE sends for unknown routes, non-POST methods ({@code {"err":"api_bad_request"}},
 * 400) and while Nexus is not ready ({@code {"err":"state_not_ready"}}, 503).
 *
 * @param err the error code; {@code ""} is omitted
 */
public record FallbackResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public FallbackResponse {
    err = err == null ? "" : err;
  }

  /**
   * Returns the fallback body for a code.
   *
   * @param code the error
   * @return {@code {"err":"<code>"}}
   */
  public static FallbackResponse error(ErrorCode code) {
    requireNonNull(code, "code");
    return new FallbackResponse(code.code());
  }
}
