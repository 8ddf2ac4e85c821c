package ist.spike.api.bootstrap;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.ErrorCode;
import ist.spike.api.SpikeResponse;
import ist.spike.api.internal.Wire;

/**
 * Response of bootstrap verify: {@code {"hash":"<hex SHA-256 of the plaintext>"}}.
 *
 * @param hash lowercase hex SHA-256 of the decrypted text; {@code ""} on error bodies
 * @param err the error code; omitted when empty
 */
@JsonPropertyOrder({"hash", "err"})
public record BootstrapVerifyResponse(
    String hash, @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) implements SpikeResponse {
  /** Normalizes nulls. */
  public BootstrapVerifyResponse {
    hash = Wire.str(hash);
    err = Wire.str(err);
  }

  /**
   * Returns a success body.
   *
   * @param hash the hex hash
   * @return the body
   */
  public static BootstrapVerifyResponse success(String hash) {
    return new BootstrapVerifyResponse(requireNonNull(hash, "hash"), "");
  }

  /**
   * Returns SPIKE's error body for a code.
   *
   * @param code the error
   * @return {@code {"hash":"","err":"<code>"}}
   */
  public static BootstrapVerifyResponse error(ErrorCode code) {
    return new BootstrapVerifyResponse("", requireNonNull(code, "code").code());
  }
}
