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

  /** All reserved paths. */
  public static final List<String> ALL = List.of(ACL, SECRET, CIPHER_EXEC);

  private static final String PROBE = "spike-arbitrary-probe-value";

  private ReservedPaths() {}

  /** Returns true if {@code path} is one of the three reserved paths. */
  public static boolean isReserved(String path) {
    return ALL.contains(path);
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
