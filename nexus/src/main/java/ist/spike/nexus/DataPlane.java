package ist.spike.nexus;

import ist.spike.identity.SpikeRoles;
import ist.spike.nexus.store.Backend;
import ist.spike.server.RouteTable;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where Nexus's data-plane routes (secrets, policies, cipher) join the route table. The backend
 * supplier answers null until the root key is installed; the readiness gate keeps those routes
 * unreachable until then.
 */
final class DataPlane {
  private DataPlane() {}

  static void register(
      RouteTable.Builder table,
      Supplier<Backend> backend,
      SpikeRoles roles,
      Map<String, String> env) {
    // The data-plane routes (nexus-data) are registered here once they land.
  }
}
