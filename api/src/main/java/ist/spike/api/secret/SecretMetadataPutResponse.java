package ist.spike.api.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of secret metadata put: {@code {}} or {@code {"err":"..."}}.
 *
 * @param err the error code; omitted when empty
 */
public record SecretMetadataPutResponse(@JsonInclude(JsonInclude.Include.NON_EMPTY) String err)
    implements SpikeResponse {
  /** Normalizes null to {@code ""}. */
  public SecretMetadataPutResponse {
    err = Wire.str(err);
  }

  /** Returns the success body {@code {}}. */
  public static SecretMetadataPutResponse success() {
    return new SecretMetadataPutResponse("");
  }

  /**
   * Returns the error body for a code.
   *
   * @param code the error
   * @return the body
   */
  public static SecretMetadataPutResponse error(ErrorCode code) {
    return new SecretMetadataPutResponse(requireNonNull(code, "code").code());
  }
}
