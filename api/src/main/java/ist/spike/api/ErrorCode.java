package ist.spike.api;

import java.util.Optional;

/**
 * The error codes SPIKE puts in the {@code err} field of a response body, each with the HTTP status
 * SPIKE answers it with (ADR-0030: codes only, no messages, in SPIKE's own bodies).
 */
public enum ErrorCode {
  /** Malformed request, unknown route or action, non-POST method, or failed validation. */
  BAD_REQUEST("api_bad_request", 400),
  /** The peer's SPIFFE ID may not call this route. */
  UNAUTHORIZED("access_unauthorized", 401),
  /** The entity (secret, version, policy) does not exist. */
  NOT_FOUND("api_not_found", 404),
  /** The request body exceeds the server's limit (not a SPIKE code; SPIKE has no limit). */
  PAYLOAD_TOO_LARGE("api_payload_too_large", 413),
  /** Too many attempts on a rate-limited route (not a SPIKE code; SPIKE has no rate limits). */
  TOO_MANY_REQUESTS("api_too_many_requests", 429),
  /** The server failed; the body says nothing more. */
  INTERNAL("api_internal_error", 500),
  /** Nexus holds no root key yet: only recover and restore are served. */
  NOT_READY("state_not_ready", 503),
  /**
   * The data store cannot write (disk full, read-only data directory, I/O error); reads still work
   * (not a SPIKE code; SPIKE answers 500, ADR-0048).
   */
  STORAGE_UNAVAILABLE("store_unavailable", 507);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** Returns the wire code, for example {@code api_bad_request}. */
  public String code() {
    return code;
  }

  /** Returns the HTTP status SPIKE answers this code with. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Finds the constant for a wire code.
   *
   * @param code a wire code such as {@code state_not_ready}
   * @return the matching constant, or empty for a code this version does not know
   */
  public static Optional<ErrorCode> fromCode(String code) {
    for (ErrorCode value : values()) {
      if (value.code.equals(code)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
