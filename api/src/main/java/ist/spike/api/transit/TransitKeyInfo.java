package ist.spike.api.transit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * What a transit key is, without its key material.
 *
 * @param name the key name
 * @param type the key type ({@code aes256-gcm})
 * @param latestVersion the version new ciphertexts use
 * @param minDecryptionVersion the lowest version that still decrypts
 * @param deletionAllowed whether delete is allowed
 * @param versions every version still held, ascending
 * @param createdTime when the key was created, RFC 3339
 * @param updatedTime when it last changed, RFC 3339
 */
@JsonPropertyOrder({
  "name",
  "type",
  "latestVersion",
  "minDecryptionVersion",
  "deletionAllowed",
  "versions",
  "createdTime",
  "updatedTime"
})
public record TransitKeyInfo(
    String name,
    String type,
    int latestVersion,
    int minDecryptionVersion,
    boolean deletionAllowed,
    List<TransitKeyVersion> versions,
    String createdTime,
    String updatedTime) {
  /** Normalizes nulls and copies the list. */
  public TransitKeyInfo {
    name = Wire.str(name);
    type = Wire.str(type);
    versions = versions == null ? List.of() : List.copyOf(versions);
    createdTime = Wire.str(createdTime);
    updatedTime = Wire.str(updatedTime);
  }
}
