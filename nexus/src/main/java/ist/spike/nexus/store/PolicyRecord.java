package ist.spike.nexus.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A stored policy, exactly as written (patterns uncompiled).
 *
 * @param name the unique name (SPIKE's primary key)
 * @param spiffeIdPattern RE2 pattern for the peer SPIFFE ID
 * @param pathPattern RE2 pattern for the secret path
 * @param permissions permission names in the order given
 * @param createdAt when the policy was first written
 * @param updatedAt when the policy was last written
 */
public record PolicyRecord(
    String name,
    String spiffeIdPattern,
    String pathPattern,
    List<String> permissions,
    Instant createdAt,
    Instant updatedAt) {
  /** Validates and copies the components. */
  public PolicyRecord {
    requireNonNull(name, "name");
    requireNonNull(spiffeIdPattern, "spiffeIdPattern");
    requireNonNull(pathPattern, "pathPattern");
    permissions = List.copyOf(permissions);
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }
}
