package ist.spike.nexus.policy;

/**
 * Classifies a peer SPIFFE ID into the two roles the data plane treats specially, from the trust
 * roots ({@code SPIKE_TRUST_ROOT_PILOT}, {@code SPIKE_TRUST_ROOT_LITE_WORKLOAD}); {@code
 * DataPlaneRoutes} adapts the identity module's {@code SpikeRoles}.
 */
public interface PeerRoles {
  /**
   * Returns true for the Pilot superuser ({@code spiffe://<td>/spike/pilot/role/superuser[/…]}).
   */
  boolean isSuperuser(String spiffeId);

  /** Returns true for the lite workload ({@code spiffe://<td>/spike/workload/role/lite[/…]}). */
  boolean isLiteWorkload(String spiffeId);
}
