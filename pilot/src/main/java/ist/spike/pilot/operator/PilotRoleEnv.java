package ist.spike.pilot.operator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lets {@code SPIKE_PILOT_ROLE=recover|restore} pick that role's SVID: when the role is set and
 * {@code SPIKE_PILOT_<ROLE>_SVID_DIR} names a directory (the development stack's {@code DIR/env}
 * exports both role directories), it becomes {@code SPIKE_SVID_DIR} for this invocation. Without
 * those variables the environment is used as is (a SPIRE agent then decides the identity).
 */
public final class PilotRoleEnv {
  /** The variable that selects a role. */
  public static final String ROLE_VARIABLE = "SPIKE_PILOT_ROLE";

  private PilotRoleEnv() {}

  /**
   * Returns the environment with {@code SPIKE_SVID_DIR} switched to the selected role's SVID.
   *
   * @param env the process environment
   * @return the environment to use
   * @throws IllegalArgumentException if {@code SPIKE_PILOT_ROLE} is not superuser, recover or
   *     restore
   */
  public static Map<String, String> apply(Map<String, String> env) {
    Optional<String> role = role(env);
    if (role.isEmpty() || role.get().equals("superuser")) {
      return env;
    }
    String dir = env.get("SPIKE_PILOT_" + role.get().toUpperCase(Locale.ROOT) + "_SVID_DIR");
    if (dir == null || dir.isBlank()) {
      return env;
    }
    Map<String, String> copy = new HashMap<>(env);
    copy.put("SPIKE_SVID_DIR", dir);
    copy.remove("SPIFFE_ENDPOINT_SOCKET");
    return Map.copyOf(copy);
  }

  static Optional<String> role(Map<String, String> env) {
    String raw = env.get(ROLE_VARIABLE);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String role = raw.trim().toLowerCase(Locale.ROOT);
    if (!role.equals("superuser") && !role.equals("recover") && !role.equals("restore")) {
      throw new IllegalArgumentException(
          ROLE_VARIABLE + " must be superuser, recover or restore; got '" + raw.trim() + "'");
    }
    return Optional.of(role);
  }
}
