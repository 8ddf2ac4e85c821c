package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of secret destroy: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record SecretDestroyResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public SecretDestroyResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static SecretDestroyResponse success() {
    return new SecretDestroyResponse("");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static SecretDestroyResponse error(ErrorCode code) {
    return new SecretDestroyResponse(requireNonNull(code, "code").code());
  }
}
