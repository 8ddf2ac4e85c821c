package ist.spike.api.secret;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ist.spike.api.internal.Wire;
import java.util.List;

/**
 * Body of {@code POST /v1/store/secrets?action=destroy}: erases versions for good (an extension;
 * SPIKE has no such route).
 *
 * @param path the secret path
 * @param versions the versions to destroy, at least one; 0 means the current one
 */
@JsonPropertyOrder({"path", "versions"})
public record SecretDestroyRequest(String path, List<Integer> versions) {
  /** Normalizes nulls. */
  public SecretDestroyRequest {
    path = Wire.str(path);
    versions = Wire.intList(versions);
  }
}
