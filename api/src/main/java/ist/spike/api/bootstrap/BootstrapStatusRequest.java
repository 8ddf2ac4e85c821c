package ist.spike.api.bootstrap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /v1/bootstrap/status} (not in SPIKE). An empty body only asks; a {@code
 * claim} token also asks Nexus to record this Bootstrap run as the one that keys the cluster, so
 * that two runs against Nexus instances sharing one database never both hand out a root key.
 *
 * @param claim 32 lower-case hex digits chosen at random by one Bootstrap run; {@code null} or
 *     empty to only ask
 */
public record BootstrapStatusRequest(@JsonInclude(JsonInclude.Include.NON_EMPTY) String claim) {
  /** Normalizes {@code null} to empty. */
  public BootstrapStatusRequest {
    claim = claim == null ? "" : claim;
  }

  /** Returns true if {@code claim} is a well-formed token (or empty). */
  public boolean claimWellFormed() {
    return claim.isEmpty() || claim.matches("[0-9a-f]{32}");
  }
}
