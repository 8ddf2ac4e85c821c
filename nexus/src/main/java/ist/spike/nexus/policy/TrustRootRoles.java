package ist.spike.nexus.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SPIKE's role test (spec §2.1): for each comma-separated trust root, the ID equals {@code
 * spiffe://<td>/<base>} or starts with it followed by {@code /}.
 */
public final class TrustRootRoles implements PeerRoles {
  private static final String SUPERUSER = "/spike/pilot/role/superuser";
  private static final String LITE = "/spike/workload/role/lite";

  private final List<String> pilotRoots;
  private final List<String> liteRoots;

  /**
   * Creates the roles.
   *
   * @param pilotRoots trust domains of Pilot
   * @param liteRoots trust domains of lite workloads
   */
  public TrustRootRoles(List<String> pilotRoots, List<String> liteRoots) {
    this.pilotRoots = List.copyOf(pilotRoots);
    this.liteRoots = List.copyOf(liteRoots);
  }

  /**
   * Reads {@code SPIKE_TRUST_ROOT_PILOT} and {@code SPIKE_TRUST_ROOT_LITE_WORKLOAD} (comma lists,
   * default {@code spike.ist}).
   *
   * @param env the environment
   * @return the roles
   */
  public static TrustRootRoles fromEnvironment(Map<String, String> env) {
    requireNonNull(env, "env");
    return new TrustRootRoles(
        roots(env.get("SPIKE_TRUST_ROOT_PILOT")), roots(env.get("SPIKE_TRUST_ROOT_LITE_WORKLOAD")));
  }

  static List<String> roots(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out.isEmpty() ? List.of("spike.ist") : out;
  }

  @Override
  public boolean isSuperuser(String spiffeId) {
    return has(spiffeId, pilotRoots, SUPERUSER);
  }

  @Override
  public boolean isLiteWorkload(String spiffeId) {
    return has(spiffeId, liteRoots, LITE);
  }

  private static boolean has(String id, List<String> roots, String base) {
    for (String td : roots) {
      String full = "spiffe://" + td + base;
      if (id.equals(full) || id.startsWith(full + "/")) {
        return true;
      }
    }
    return false;
  }
}
