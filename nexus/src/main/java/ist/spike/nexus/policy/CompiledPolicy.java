package ist.spike.nexus.policy;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import ist.spike.nexus.secret.InputRules;
import ist.spike.nexus.store.PolicyRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A policy with its patterns compiled (RE2/J) and its reserved-path reach precomputed. */
final class CompiledPolicy {
  private final PolicyRecord record;
  private final Pattern spiffeId;
  private final Pattern path;
  private final Set<Permission> permissions;
  private final Map<String, Boolean> reservedReach;
  private final boolean transitReach;

  private CompiledPolicy(
      PolicyRecord record, Pattern spiffeId, Pattern path, Set<Permission> permissions) {
    this.record = record;
    this.spiffeId = spiffeId;
    this.path = path;
    this.permissions = permissions;
    Map<String, Boolean> reach = new HashMap<>();
    for (String r : ReservedPaths.ALL) {
      reach.put(r, ReservedPaths.mayReach(record.spiffeIdPattern(), record.pathPattern(), r));
    }
    this.reservedReach = Map.copyOf(reach);
    this.transitReach =
        ReservedPaths.mayReachTransit(record.spiffeIdPattern(), record.pathPattern());
  }

  private CompiledPolicy(PolicyRecord record, CompiledPolicy same) {
    this.record = record;
    this.spiffeId = same.spiffeId;
    this.path = same.path;
    this.permissions = same.permissions;
    this.reservedReach = same.reservedReach;
    this.transitReach = same.transitReach;
  }

  /** What a compiled policy depends on: its patterns and permissions (not its name or times). */
  static List<Object> shape(PolicyRecord r) {
    return List.of(r.spiffeIdPattern(), r.pathPattern(), r.permissions());
  }

  /**
   * Returns this compiled policy for {@code other}, which has the same {@link #shape}, so that a
   * reload does not compile unchanged patterns again: a pattern Go accepts can still take RE2/J a
   * second or more to compile.
   */
  CompiledPolicy reuseFor(PolicyRecord other) {
    if (!shape(record).equals(shape(other))) {
      throw new IllegalArgumentException("policy " + other.name() + " differs in shape");
    }
    return new CompiledPolicy(other, this);
  }

  /**
   * Compiles a policy.
   *
   * @throws InvalidPolicyException if a pattern is not valid RE2 or a permission is unknown
   */
  static CompiledPolicy compile(PolicyRecord record) {
    requireNonNull(record, "record");
    return new CompiledPolicy(
        record,
        compilePattern(
            "spiffeidPattern", record.spiffeIdPattern(), PolicyRules.MAX_SPIFFE_ID_PATTERN_LENGTH),
        compilePattern("pathPattern", record.pathPattern(), InputRules.MAX_PATH_LENGTH),
        Permission.parseAll(record.permissions()));
  }

  /**
   * Limits first (length, then Go's RE2 size limits), so that no pattern reaches RE2/J's compiler
   * that would make it build a huge program; then RE2/J's own syntax check.
   */
  private static Pattern compilePattern(String field, String pattern, int maxLength) {
    if (pattern.length() > maxLength) {
      throw new InvalidPolicyException(
          field + " must be at most " + maxLength + " characters; got " + pattern.length());
    }
    PatternComplexity.check(field, pattern);
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidPolicyException(
          field + " is not a valid RE2 regular expression: " + e.getDescription());
    }
  }

  PolicyRecord record() {
    return record;
  }

  /** Returns true if this policy grants all of {@code wants} to {@code peer} on {@code target}. */
  boolean grants(String peer, String target, Collection<Permission> wants) {
    if (!spiffeId.matcher(peer).find() || !path.matcher(target).find()) {
      return false;
    }
    if (ReservedPaths.isReserved(target) && !reservedReach.get(target)) {
      return false;
    }
    if (ReservedPaths.isTransit(target) && !transitReach) {
      return false;
    }
    return Permission.satisfies(permissions, wants);
  }

  /** Returns true if the path pattern substring-matches the reserved path. */
  boolean touches(String reservedPath) {
    return path.matcher(reservedPath).find();
  }
}
