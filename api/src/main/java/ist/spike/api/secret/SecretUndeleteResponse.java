package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of secret undelete: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record SecretUndeleteResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public SecretUndeleteResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static SecretUndeleteResponse success() {
    return new SecretUndeleteResponse("");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static SecretUndeleteResponse error(ErrorCode code) {
    return new SecretUndeleteResponse(requireNonNull(code, "code").code());
  }
}
