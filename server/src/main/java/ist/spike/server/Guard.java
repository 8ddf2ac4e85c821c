package ist.spike.server;

import static java.util.Objects.requireNonNull;

import ist.spike.identity.SpiffeId;
import ist.spike.identity.SpikeRole;
import ist.spike.identity.SpikeRoles;
import java.util.Arrays;

/**
 * Who may call a route, decided from the peer's SPIFFE ID alone before the body is read. A refusal
 * answers 401 {@code access_unauthorized}. Routes whose authorization depends on the request (SPIKE
 * policies on a secret path) use {@link #authorizedInHandler(String)}, which says so in the route
 * table, and the handler throws {@link NotAuthorizedException}.
 */
public interface Guard {
  /**
   * Tells whether the peer may call the route.
   *
   * @param peer the authenticated peer
   * @return true to proceed
   */
  boolean permits(SpiffeId peer);

  /** Returns who is allowed, for the route table's description and logs. */
  String description();

  /**
   * Allows peers with at least one of the roles.
   *
   * @param roles the trust roots
   * @param allowed the roles, at least one
   * @return the guard
   */
  static Guard roles(SpikeRoles roles, SpikeRole... allowed) {
    requireNonNull(roles, "roles must not be null");
    requireNonNull(allowed, "allowed must not be null");
    if (allowed.length == 0) {
      throw new IllegalArgumentException("at least one role is required");
    }
    SpikeRole[] copy = allowed.clone();
    String description = "roles " + Arrays.toString(copy);
    return new Guard() {
      @Override
      public boolean permits(SpiffeId peer) {
        return roles.hasAny(peer, copy);
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /**
   * Lets every authenticated peer reach the handler, which authorizes from the request itself.
   *
   * @param how how the handler authorizes, for example {@code "superuser or policy read on path"}
   * @return the guard
   */
  static Guard authorizedInHandler(String how) {
    requireNonNull(how, "how must not be null");
    return new Guard() {
      @Override
      public boolean permits(SpiffeId peer) {
        return true;
      }

      @Override
      public String description() {
        return "in handler: " + how;
      }
    };
  }
}
