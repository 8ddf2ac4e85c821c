package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of secret delete: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record SecretDeleteResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public SecretDeleteResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static SecretDeleteResponse success() {
    return new SecretDeleteResponse("");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static SecretDeleteResponse error(ErrorCode code) {
    return new SecretDeleteResponse(requireNonNull(code, "code").code());
  }
}
