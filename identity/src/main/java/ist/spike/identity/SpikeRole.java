package ist.spike.identity;

/**
 * SPIKE's roles, each a base ID path under a trust domain and the {@code SPIKE_TRUST_ROOT_*}
 * variable that lists the trust domains it may come from (spec §2.1).
 */
public enum SpikeRole {
  /** SPIKE Nexus, {@code spiffe://<td>/spike/nexus}. */
  NEXUS("spike/nexus", "SPIKE_TRUST_ROOT_NEXUS"),
  /** SPIKE Keeper, {@code spiffe://<td>/spike/keeper}. */
  KEEPER("spike/keeper", "SPIKE_TRUST_ROOT_KEEPER"),
  /** SPIKE Bootstrap, {@code spiffe://<td>/spike/bootstrap}. */
  BOOTSTRAP("spike/bootstrap", "SPIKE_TRUST_ROOT_BOOTSTRAP"),
  /** Pilot as superuser, {@code spiffe://<td>/spike/pilot/role/superuser}. */
  PILOT_SUPERUSER("spike/pilot/role/superuser", "SPIKE_TRUST_ROOT_PILOT"),
  /** Pilot allowed to recover shards, {@code spiffe://<td>/spike/pilot/role/recover}. */
  PILOT_RECOVER("spike/pilot/role/recover", "SPIKE_TRUST_ROOT_PILOT"),
  /** Pilot allowed to restore shards, {@code spiffe://<td>/spike/pilot/role/restore}. */
  PILOT_RESTORE("spike/pilot/role/restore", "SPIKE_TRUST_ROOT_PILOT"),
  /** A lite workload (cipher only), {@code spiffe://<td>/spike/workload/role/lite}. */
  LITE_WORKLOAD("spike/workload/role/lite", "SPIKE_TRUST_ROOT_LITE_WORKLOAD");

  private final String path;
  private final String trustRootVariable;

  SpikeRole(String path, String trustRootVariable) {
    this.path = path;
    this.trustRootVariable = trustRootVariable;
  }

  /** Returns the base path without a leading slash, for example {@code spike/nexus}. */
  public String path() {
    return path;
  }

  /** Returns the environment variable listing this role's trust domains. */
  public String trustRootVariable() {
    return trustRootVariable;
  }

  /**
   * Returns this role's base ID in a trust domain.
   *
   * @param trustDomain for example {@code spike.ist}
   * @return for example {@code spiffe://spike.ist/spike/nexus}
   */
  public SpiffeId idIn(String trustDomain) {
    return SpiffeId.of(trustDomain, path);
  }
}
