package ist.spike.client;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A stored policy.
 *
 * @param name unique name
 * @param spiffeIdPattern RE2 pattern for caller SPIFFE IDs (wire field {@code spiffiedPattern})
 * @param pathPattern RE2 pattern for paths
 * @param permissions {@code read}, {@code write}, {@code list}, {@code execute}, {@code super}
 * @param createdAt creation time
 * @param updatedAt last update
 */
public record Policy(
    String name,
    String spiffeIdPattern,
    String pathPattern,
    List<String> permissions,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {
  /** Copies the permissions. */
  public Policy {
    requireNonNull(name, "name");
    requireNonNull(spiffeIdPattern, "spiffeIdPattern");
    requireNonNull(pathPattern, "pathPattern");
    permissions = List.copyOf(permissions);
  }
}
