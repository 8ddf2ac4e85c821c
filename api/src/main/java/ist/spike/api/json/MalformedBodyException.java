package ist.spike.api.json;

/**
 * A request or response body could not be decoded into the expected record: not JSON, wrong JSON
 * type for a field, trailing data, a byte-order mark, or a limit exceeded. SPIKE answers these with
 * 400 and the route's {@code api_bad_request} body.
 *
 * <p>The message names the problem, the JSON location and the field path; it never quotes the
 * input, which may contain secrets.
 */
public final class MalformedBodyException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, without input content
   */
  public MalformedBodyException(String message) {
    super(message);
  }
}
