package ist.spike.nexus.policy;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * Who may call each data-plane route (spec §2.3): the Pilot superuser always; the lite workload
 * only the cipher routes; everyone else needs one policy granting the wanted permissions on the
 * route's path. Peer IDs that are not plain SPIFFE IDs are refused outright.
 */
public final class DataPlaneAccess {
  private static final Pattern PEER_ID =
      Pattern.compile("^spiffe://[a-zA-Z0-9.-]+(/[a-zA-Z0-9._-]+)*$");

  private final PeerRoles roles;
  private final PolicyService policies;

  /**
   * Creates the access rules.
   *
   * @param roles the role classifier
   * @param policies the policy store
   */
  public DataPlaneAccess(PeerRoles roles, PolicyService policies) {
    this.roles = requireNonNull(roles, "roles");
    this.policies = requireNonNull(policies, "policies");
  }

  /** Secret put, delete, undelete: {@code write} on the path. */
  public boolean mayWriteSecret(String peer, String path) {
    return check(peer, path, Permission.WRITE, false);
  }

  /** Secret get and metadata: {@code read} on the path. */
  public boolean mayReadSecret(String peer, String path) {
    return check(peer, path, Permission.READ, false);
  }

  /** Secret list: {@code list} on {@code spike/system/secret}. */
  public boolean mayListSecrets(String peer) {
    return check(peer, ReservedPaths.SECRET, Permission.LIST, false);
  }

  /** Policy create/delete: {@code write} on {@code spike/system/acl}. */
  public boolean mayWritePolicies(String peer) {
    return check(peer, ReservedPaths.ACL, Permission.WRITE, false);
  }

  /** Policy get: {@code read} on {@code spike/system/acl}. */
  public boolean mayReadPolicies(String peer) {
    return check(peer, ReservedPaths.ACL, Permission.READ, false);
  }

  /** Policy list: {@code list} on {@code spike/system/acl}. */
  public boolean mayListPolicies(String peer) {
    return check(peer, ReservedPaths.ACL, Permission.LIST, false);
  }

  /**
   * Cipher encrypt/decrypt: lite workload, or {@code execute} on {@code spike/system/cipher/exec}.
   */
  public boolean mayUseCipher(String peer) {
    return check(peer, ReservedPaths.CIPHER_EXEC, Permission.EXECUTE, true);
  }

  /** Transit key create, rotate, config, delete: {@code write} on the key's transit path. */
  public boolean mayManageTransitKey(String peer, String name) {
    return check(peer, ReservedPaths.transitKey(name), Permission.WRITE, false);
  }

  /** Transit key info: {@code read} on the key's transit path. */
  public boolean mayReadTransitKey(String peer, String name) {
    return check(peer, ReservedPaths.transitKey(name), Permission.READ, false);
  }

  /** Transit key list: {@code list} on {@code spike/system/transit}. */
  public boolean mayListTransitKeys(String peer) {
    return check(peer, ReservedPaths.TRANSIT, Permission.LIST, false);
  }

  /** Transit encrypt, decrypt, rewrap: {@code execute} on the key's transit path. */
  public boolean mayUseTransitKey(String peer, String name) {
    return check(peer, ReservedPaths.transitKey(name), Permission.EXECUTE, false);
  }

  private boolean check(String peer, String path, Permission want, boolean liteAllowed) {
    if (peer == null || path == null || !PEER_ID.matcher(peer).matches()) {
      return false;
    }
    if (roles.isSuperuser(peer)) {
      return true;
    }
    if (roles.isLiteWorkload(peer)) {
      return liteAllowed;
    }
    return policies.allows(peer, path, List.of(want));
  }
}
