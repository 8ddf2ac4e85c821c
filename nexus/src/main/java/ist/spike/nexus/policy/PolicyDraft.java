package ist.spike.nexus.policy;

import java.util.List;

/**
 * A policy as submitted for create/update.
 *
 * @param name the unique name
 * @param spiffeIdPattern RE2 pattern for peer SPIFFE IDs
 * @param pathPattern RE2 pattern for paths
 * @param permissions permission names
 */
public record PolicyDraft(
    String name, String spiffeIdPattern, String pathPattern, List<String> permissions) {
  /** Copies the permission list ({@code null} becomes empty, which validation rejects). */
  public PolicyDraft {
    permissions =
        permissions == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(permissions));
  }
}
