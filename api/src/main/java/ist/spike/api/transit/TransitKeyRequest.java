package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;

/**
 * Body of every {@code /v1/transit/keys} action. Only {@code name} is needed by get, rotate and
 * delete; create reads {@code type} and {@code deletionAllowed}; config reads {@code
 * minDecryptionVersion} and {@code deletionAllowed} (absent fields stay as they are).
 *
 * @param name the key name
 * @param type the key type on create ({@code aes256-gcm}, the default when empty)
 * @param minDecryptionVersion the lowest version that still decrypts, or null
 * @param deletionAllowed whether delete is allowed, or null
 */
@JsonPropertyOrder({"name", "type", "minDecryptionVersion", "deletionAllowed"})
public record TransitKeyRequest(
    String name,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) String type,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer minDecryptionVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean deletionAllowed) {
  /** Normalizes null strings to {@code ""}. */
  public TransitKeyRequest {
    name = Wire.str(name);
    type = Wire.str(type);
  }

  /**
   * A request that names a key only (get, rotate, delete).
   *
   * @param name the key name
   * @return the request
   */
  public static TransitKeyRequest named(String name) {
    return new TransitKeyRequest(name, "", null, null);
  }
}
