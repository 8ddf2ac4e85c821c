package ist.spike.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SPIKE's role checks: for each {@link SpikeRole}, the trust domains listed in its comma-separated
 * {@code SPIKE_TRUST_ROOT_*} variable (default {@code spike.ist}), and the prefix rule {@code id ==
 * base} or {@code id} starts with {@code base + "/"} against each of them (spec §2.1).
 *
 * <p>Immutable and thread-safe. Build it once from the environment with {@link #fromEnv(Map)}
 * (tests pass their own map) and share it.
 */
public final class SpikeRoles {
  /** The default trust root of every role. */
  public static final String DEFAULT_TRUST_ROOT = "spike.ist";

  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9.-]+");

  private final Map<SpikeRole, List<SpiffeId>> bases;

  private SpikeRoles(Map<SpikeRole, List<SpiffeId>> bases) {
    this.bases = bases;
  }

  /**
   * Reads every {@code SPIKE_TRUST_ROOT_*} variable; an unset or blank variable means {@code
   * spike.ist}.
   *
   * @param env the environment, for example {@code System.getenv()}
   * @return the roles
   * @throws IdentityConfigException if a list holds an empty or invalid trust domain
   */
  public static SpikeRoles fromEnv(Map<String, String> env) {
    requireNonNull(env, "env must not be null");
    Map<SpikeRole, List<SpiffeId>> bases = new EnumMap<>(SpikeRole.class);
    for (SpikeRole role : SpikeRole.values()) {
      String raw = env.get(role.trustRootVariable());
      if (raw == null || raw.isBlank()) {
        raw = DEFAULT_TRUST_ROOT;
      }
      bases.put(role, basesFor(role, role.trustRootVariable(), raw));
    }
    return new SpikeRoles(bases);
  }

  /**
   * Returns roles whose every base lies in the given trust domains (as if every {@code
   * SPIKE_TRUST_ROOT_*} were set to them).
   *
   * @param trustDomains one or more trust domain names
   * @return the roles
   * @throws IdentityConfigException if a trust domain is empty or invalid
   */
  public static SpikeRoles of(String... trustDomains) {
    requireNonNull(trustDomains, "trustDomains must not be null");
    if (trustDomains.length == 0) {
      throw new IdentityConfigException("at least one trust domain is required");
    }
    Map<SpikeRole, List<SpiffeId>> bases = new EnumMap<>(SpikeRole.class);
    for (SpikeRole role : SpikeRole.values()) {
      bases.put(role, basesFor(role, "trust domains", String.join(",", trustDomains)));
    }
    return new SpikeRoles(bases);
  }

  /** Returns the default roles: every trust root is {@code spike.ist}. */
  public static SpikeRoles defaults() {
    return of(DEFAULT_TRUST_ROOT);
  }

  private static List<SpiffeId> basesFor(SpikeRole role, String source, String raw) {
    List<SpiffeId> ids = new ArrayList<>();
    for (String item : Arrays.asList(raw.split(",", -1))) {
      String td = item.trim();
      if (td.isEmpty()) {
        throw new IdentityConfigException(
            source + " holds an empty trust domain; give a comma-separated list such as spike.ist");
      }
      if (!TRUST_DOMAIN.matcher(td).matches()) {
        throw new IdentityConfigException(
            source
                + " holds the invalid trust domain '"
                + td
                + "'; a trust domain is lower-case letters, digits, '.' and '-'");
      }
      ids.add(role.idIn(td));
    }
    return List.copyOf(ids);
  }

  /**
   * Tells whether {@code id} has {@code role}: it equals or lies under the role's base ID in one of
   * the role's trust domains.
   *
   * @param id the peer's ID
   * @param role the role
   * @return true if {@code id} has the role
   */
  public boolean has(SpiffeId id, SpikeRole role) {
    requireNonNull(id, "id must not be null");
    requireNonNull(role, "role must not be null");
    for (SpiffeId base : bases.get(role)) {
      if (id.isOrIsUnder(base)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether {@code id} has at least one of {@code roles}.
   *
   * @param id the peer's ID
   * @param roles the accepted roles
   * @return true if {@code id} has one of them
   */
  public boolean hasAny(SpiffeId id, SpikeRole... roles) {
    requireNonNull(roles, "roles must not be null");
    for (SpikeRole role : roles) {
      if (has(id, role)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Tells whether {@code id} may call a Keeper: it is a Nexus or a Bootstrap (SPIKE's {@code
   * AllowKeeperPeer}).
   *
   * @param id the peer's ID
   * @return true for a Nexus or Bootstrap ID
   */
  public boolean isKeeperPeer(SpiffeId id) {
    return hasAny(id, SpikeRole.NEXUS, SpikeRole.BOOTSTRAP);
  }

  /**
   * Returns the base IDs of a role, one per trust domain, in the configured order.
   *
   * @param role the role
   * @return an immutable, non-empty list
   */
  public List<SpiffeId> basesOf(SpikeRole role) {
    return bases.get(requireNonNull(role, "role must not be null"));
  }

  /**
   * Returns a verifier that accepts peers having at least one of {@code roles}, for TLS (for
   * example, a Nexus client accepts only {@link SpikeRole#NEXUS}).
   *
   * @param roles the accepted roles, at least one
   * @return the verifier
   */
  public SpiffeIdVerifier verifierFor(SpikeRole... roles) {
    requireNonNull(roles, "roles must not be null");
    if (roles.length == 0) {
      throw new IllegalArgumentException("at least one role is required");
    }
    SpikeRole[] copy = roles.clone();
    String description = "a SPIFFE ID with role " + Arrays.toString(copy);
    return SpiffeIdVerifier.of(description, id -> hasAny(id, copy));
  }

  @Override
  public String toString() {
    return "SpikeRoles" + bases;
  }
}
