package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.Map;

/**
 * Body of {@code POST /v1/store/secrets/metadata}: changes a secret's settings (an extension after
 * Vault KV v2; SPIKE has no such route). Absent fields stay as they are.
 *
 * @param path the secret path
 * @param maxVersions versions kept, or null
 * @param casRequired whether every put must carry {@code cas}, or null
 * @param deleteVersionAfter version lifetime in Go duration form ({@code "720h"}, {@code "0s"} =
 *     never), or null
 * @param customMetadata key/value pairs about the secret, replacing the old ones, or null
 */
@JsonPropertyOrder({"path", "maxVersions", "casRequired", "deleteVersionAfter", "customMetadata"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretMetadataPutRequest(
    String path,
    Integer maxVersions,
    Boolean casRequired,
    String deleteVersionAfter,
    Map<String, String> customMetadata) {
  /** Normalizes a null path. */
  public SecretMetadataPutRequest {
    path = Wire.str(path);
    customMetadata = customMetadata == null ? null : Wire.stringMap(customMetadata);
  }
}
