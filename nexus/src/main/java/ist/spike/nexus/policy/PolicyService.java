package ist.spike.nexus.policy;

import static java.util.Objects.requireNonNull;

import ist.spike.nexus.store.Backend;
import ist.spike.nexus.store.PolicyRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy storage and access checks. Policies are kept compiled in memory (an immutable snapshot
 * behind a {@code volatile} field) and reloaded from the backend after every write through this
 * service, so a check costs a few regex searches instead of decrypting every policy (SPIKE reloads
 * all policies per request, ADR-0024). Only one Nexus process may write to a backend.
 */
public final class PolicyService {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyService.class);

  private final Backend backend;
  private final Clock clock;
  private final Object reloadLock = new Object();
  private volatile List<CompiledPolicy> snapshot;

  /**
   * Creates the service.
   *
   * @param backend the storage
   * @param clock the time source for createdAt/updatedAt
   */
  public PolicyService(Backend backend, Clock clock) {
    this.backend = requireNonNull(backend, "backend");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Creates or replaces a policy by name, keeping its creation time on update.
   *
   * <p>Checks the name, the permissions, that both patterns compile as RE2, and the reserved-path
   * rule: if the path pattern matches any reserved path, it must describe that path exactly and the
   * SPIFFE-ID pattern must be anchored or a catch-all. The SPIFFE-ID pattern's shape is checked by
   * {@link PolicyRules#checkWireFormat} at the API edge.
   *
   * @param draft the policy
   * @return the stored policy
   * @throws InvalidPolicyException naming the broken rule
   */
  public PolicyRecord upsert(PolicyDraft draft) {
    requireNonNull(draft, "draft");
    PolicyRules.checkName(draft.name());
    PolicyRules.checkPermissions(draft);
    requireNonNull(draft.spiffeIdPattern(), "spiffeIdPattern");
    requireNonNull(draft.pathPattern(), "pathPattern");
    Instant now = clock.instant();
    CompiledPolicy probe =
        CompiledPolicy.compile(
            new PolicyRecord(
                draft.name(),
                draft.spiffeIdPattern(),
                draft.pathPattern(),
                draft.permissions(),
                now,
                now));
    for (String reserved : ReservedPaths.ALL) {
      if (probe.touches(reserved)
          && !ReservedPaths.mayReach(draft.spiffeIdPattern(), draft.pathPattern(), reserved)) {
        throw new InvalidPolicyException(
            "pathPattern matches the reserved path "
                + reserved
                + "; a policy reaching it must describe it exactly (e.g. ^"
                + reserved
                + "$) and have an anchored spiffeidPattern (^...$)");
      }
    }
    PolicyRecord stored =
        backend.upsertPolicy(
            draft.name(),
            existing ->
                new PolicyRecord(
                    draft.name(),
                    draft.spiffeIdPattern(),
                    draft.pathPattern(),
                    draft.permissions(),
                    existing.map(PolicyRecord::createdAt).orElse(now),
                    now));
    reload(probe);
    return stored;
  }

  /**
   * Reads a policy.
   *
   * @param name the policy name
   * @return the policy
   * @throws PolicyNotFoundException if absent
   * @throws InvalidPolicyException if the name breaks the name rule
   */
  public PolicyRecord get(String name) {
    PolicyRules.checkName(name);
    return backend.loadPolicy(name).orElseThrow(() -> new PolicyNotFoundException(name));
  }

  /**
   * Deletes a policy.
   *
   * @param name the policy name
   * @throws PolicyNotFoundException if absent
   * @throws InvalidPolicyException if the name breaks the name rule
   */
  public void delete(String name) {
    PolicyRules.checkName(name);
    boolean existed = backend.deletePolicy(name);
    reload();
    if (!existed) {
      throw new PolicyNotFoundException(name);
    }
  }

  /**
   * Lists policies ordered by name. As SPIKE: a non-empty {@code spiffeIdPattern} keeps policies
   * whose pattern string-equals it; otherwise a non-empty {@code pathPattern} does the same for
   * path patterns; otherwise all.
   *
   * @param spiffeIdPattern filter, may be empty or null
   * @param pathPattern filter, may be empty or null
   * @return the matching policies
   */
  public List<PolicyRecord> list(String spiffeIdPattern, String pathPattern) {
    List<PolicyRecord> out = new ArrayList<>();
    for (PolicyRecord p : backend.loadAllPolicies()) {
      if (spiffeIdPattern != null && !spiffeIdPattern.isEmpty()) {
        if (p.spiffeIdPattern().equals(spiffeIdPattern)) {
          out.add(p);
        }
      } else if (pathPattern != null && !pathPattern.isEmpty()) {
        if (p.pathPattern().equals(pathPattern)) {
          out.add(p);
        }
      } else {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Returns true if one single policy grants {@code peer} every permission in {@code wants} on
   * {@code path} (permissions are not combined across policies). Reserved paths are reachable only
   * by policies that meet {@link ReservedPaths#mayReach}.
   *
   * @param peer the caller's SPIFFE ID
   * @param path the secret path or reserved path
   * @param wants the permissions needed
   * @return true if allowed; false by default and when policies cannot be loaded
   */
  public boolean allows(String peer, String path, Collection<Permission> wants) {
    requireNonNull(peer, "peer");
    requireNonNull(path, "path");
    requireNonNull(wants, "wants");
    List<CompiledPolicy> policies;
    try {
      policies = current();
    } catch (RuntimeException e) {
      LOG.error("cannot load policies; denying access", e);
      return false;
    }
    for (CompiledPolicy p : policies) {
      if (p.grants(peer, path, wants)) {
        return true;
      }
    }
    return false;
  }

  private List<CompiledPolicy> current() {
    List<CompiledPolicy> s = snapshot;
    if (s != null) {
      return s;
    }
    synchronized (reloadLock) {
      if (snapshot == null) {
        snapshot = compileAll(List.of());
      }
      return snapshot;
    }
  }

  /** Rebuilds the compiled snapshot from the backend. */
  public void reload() {
    reload(null);
  }

  private void reload(CompiledPolicy fresh) {
    synchronized (reloadLock) {
      try {
        List<CompiledPolicy> known = new ArrayList<>();
        if (snapshot != null) {
          known.addAll(snapshot);
        }
        if (fresh != null) {
          known.add(fresh);
        }
        snapshot = compileAll(known);
      } catch (RuntimeException e) {
        snapshot = null;
        throw e;
      }
    }
  }

  /** Compiles every stored policy, reusing {@code known} ones whose patterns are unchanged. */
  private List<CompiledPolicy> compileAll(List<CompiledPolicy> known) {
    Map<List<Object>, CompiledPolicy> byShape = new HashMap<>();
    for (CompiledPolicy k : known) {
      byShape.put(CompiledPolicy.shape(k.record()), k);
    }
    List<CompiledPolicy> out = new ArrayList<>();
    for (PolicyRecord r : backend.loadAllPolicies()) {
      try {
        CompiledPolicy same = byShape.get(CompiledPolicy.shape(r));
        out.add(same != null ? same.reuseFor(r) : CompiledPolicy.compile(r));
      } catch (InvalidPolicyException e) {
        LOG.warn("skipping stored policy {}: {}", r.name(), e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /** Visible for tests: the stored policy lookup without the name check. */
  Optional<PolicyRecord> find(String name) {
    return backend.loadPolicy(name);
  }
}
