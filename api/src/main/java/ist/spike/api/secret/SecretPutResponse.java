package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of secret put: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record SecretPutResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public SecretPutResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static SecretPutResponse success() {
    return new SecretPutResponse("");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static SecretPutResponse error(ErrorCode code) {
    return new SecretPutResponse(requireNonNull(code, "code").code());
  }
}
