package ist.spike.nexus.policy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;

/**
 * The reserved system paths (SPIKE ADR-0033) and the rules a policy must meet to reach one: its
 * path pattern must describe the reserved path exactly ({@code ^(?:pattern)$} matches it) and its
 * SPIFFE-ID pattern must be anchored ({@code ^…$}) or a catch-all.
 */
public final class ReservedPaths {
  /** Policy administration. */
  public static final String ACL = "spike/system/acl";

  /** Secret listing. */
  public static final String SECRET = "spike/system/secret";

  /** Encryption as a service. */
  public static final String CIPHER_EXEC = "spike/system/cipher/exec";

  /**
   * The parent of the transit key paths: a key named {@code k} is reached through {@code
   * spike/system/transit/k} (ADR-0168), and key listing through this path itself.
   */
  public static final String TRANSIT = "spike/system/transit";

  /**
   * The prefix of Nexus's own records in the secret storage (transit keys). {@code ~} is outside
   * the secret path alphabet, so no secret route accepts such a path, and it sorts after every
   * valid path, so a listing meets internal paths only at its end.
   */
  public static final String INTERNAL_PREFIX = "~spike/";

  /** All reserved paths. */
  public static final List<String> ALL = List.of(ACL, SECRET, CIPHER_EXEC);

  private static final String PROBE = "spike-arbitrary-probe-value";

  private ReservedPaths() {}

  /** Returns true if {@code path} is one of the three reserved paths. */
  public static boolean isReserved(String path) {
    return ALL.contains(path);
  }

  /** Returns true if {@code path} is one of Nexus's internal records, never a secret. */
  public static boolean isInternal(String path) {
    return path.startsWith(INTERNAL_PREFIX);
  }

  /** Returns the policy path of the transit key {@code name}. */
  public static String transitKey(String name) {
    return TRANSIT + "/" + name;
  }

  /** Returns true if {@code path} is {@link #TRANSIT} or a transit key's path under it. */
  public static boolean isTransit(String path) {
    return path.equals(TRANSIT) || path.startsWith(TRANSIT + "/");
  }

  /**
   * Returns true if a policy with these patterns may reach transit paths: its path pattern must
   * start with {@code ^spike/system/transit} (written for transit on purpose, not a catch-all) and
   * its SPIFFE-ID pattern must be anchored or a catch-all.
   *
   * @param spiffeIdPattern the policy's identity pattern
   * @param pathPattern the policy's path pattern
   * @return true if both rules hold
   */
  public static boolean mayReachTransit(String spiffeIdPattern, String pathPattern) {
    return pathPattern.startsWith("^" + TRANSIT) && isPreciseOrCatchAll(spiffeIdPattern);
  }

  /** Returns true if the pattern starts with {@code ^} and ends with {@code $} (text test only). */
  public static boolean isAnchored(String pattern) {
    return pattern.startsWith("^") && pattern.endsWith("$");
  }

  /** Returns true if {@code ^(?:pattern)$} matches the reserved path. */
  public static boolean describes(String pathPattern, String reservedPath) {
    return fullMatch(pathPattern, reservedPath);
  }

  /** Returns true if the identity pattern is anchored or matches anything (a catch-all). */
  public static boolean isPreciseOrCatchAll(String spiffeIdPattern) {
    return isAnchored(spiffeIdPattern) || fullMatch(spiffeIdPattern, PROBE);
  }

  /**
   * Returns true if a policy with these patterns may reach the reserved path.
   *
   * @param spiffeIdPattern the policy's identity pattern
   * @param pathPattern the policy's path pattern
   * @param reservedPath one of {@link #ALL}
   * @return true if both rules hold
   */
  public static boolean mayReach(String spiffeIdPattern, String pathPattern, String reservedPath) {
    return describes(pathPattern, reservedPath) && isPreciseOrCatchAll(spiffeIdPattern);
  }

  private static boolean fullMatch(String pattern, String input) {
    try {
      return Pattern.compile("^(?:" + pattern + ")$").matcher(input).find();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }
}
