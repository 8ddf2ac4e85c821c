package ist.spike.client;

import java.util.Optional;

/**
 * Nexus answered with an error status or an {@code err} code. {@link #code()} is SPIKE's wire code
 * ({@code api_not_found}, {@code access_unauthorized}, {@code api_bad_request}, {@code
 * state_not_ready}, {@code api_conflict}, {@code api_internal_error}, …).
 */
public final class SpikeApiException extends SpikeException {
  private static final long serialVersionUID = 1L;

  /** Wire code for a missing entity. */
  public static final String NOT_FOUND = "api_not_found";

  /** Wire code for a refused caller. */
  public static final String UNAUTHORIZED = "access_unauthorized";

  /** Wire code for an invalid request. */
  public static final String BAD_REQUEST = "api_bad_request";

  /** Wire code while Nexus has no root key. */
  public static final String NOT_READY = "state_not_ready";

  /** Wire code for a stale check-and-set version. */
  public static final String CONFLICT = "api_conflict";

  private final int status;
  private final String code;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status
   * @param code the wire code (may be empty when the body carried none)
   * @param detail extra text from the server (for example a stream-mode error line), may be empty
   */
  public SpikeApiException(int status, String code, String detail) {
    super(
        "Nexus answered "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + (detail == null || detail.isEmpty() ? "" : ": " + detail),
        null);
    this.status = status;
    this.code = code;
  }

  /** Returns the wire error code, or empty text if none was given. */
  public String code() {
    return code;
  }

  /** Returns the HTTP status. */
  public int status() {
    return status;
  }

  @Override
  public Optional<Integer> httpStatus() {
    return Optional.of(status);
  }

  /** Returns true for 404 / {@code api_not_found}. */
  public boolean isNotFound() {
    return status == 404 || NOT_FOUND.equals(code);
  }

  /** Returns true for 401 / {@code access_unauthorized}. */
  public boolean isUnauthorized() {
    return status == 401 || UNAUTHORIZED.equals(code);
  }

  /** Returns true for 503 / {@code state_not_ready}. */
  public boolean isNotReady() {
    return status == 503 || NOT_READY.equals(code);
  }

  /** Returns true for 400 / {@code api_bad_request}. */
  public boolean isBadRequest() {
    return status == 400 || BAD_REQUEST.equals(code);
  }

  /** Returns true for 409 / {@code api_conflict}. */
  public boolean isConflict() {
    return status == 409 || CONFLICT.equals(code);
  }
}
