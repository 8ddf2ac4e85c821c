package ist.spike.nexus.policy;

import com.google.re2j.Pattern;
import ist.spike.nexus.secret.InputRules;
import ist.spike.nexus.secret.InvalidInputException;

/**
 * SPIKE's request-level checks on a policy (spec §2.3, route 7): the name rule, the shape of the
 * SPIFFE-ID pattern, the characters of the path pattern, and a non-empty permission list. {@link
 * PolicyService#upsert} adds the RE2 compile and reserved-path checks.
 */
public final class PolicyRules {
  /**
   * Longest SPIFFE-ID pattern: the longest SPIFFE ID (2048 bytes, SPIFFE-ID specification §2.3).
   * SPIKE has no limit; ours keeps Go's RE2 size limits out of reach of hostile lengths.
   */
  public static final int MAX_SPIFFE_ID_PATTERN_LENGTH = 2048;

  private static final Pattern SPIFFE_ID_PATTERN =
      Pattern.compile(
          "^\\^?spiffe://[\\\\a-zA-Z0-9.\\-*()+?\\[\\]]+(/[\\\\/a-zA-Z0-9._\\-*()+?\\[\\]]+)*\\$?$");
  private static final Pattern PATH_PATTERN =
      Pattern.compile("^[a-zA-Z0-9._\\-/^$()?+*|\\[\\]{}\\\\]+$");

  private PolicyRules() {}

  /**
   * Applies the wire-format checks.
   *
   * @param draft the submitted policy
   * @throws InvalidPolicyException naming the field and the rule
   */
  public static void checkWireFormat(PolicyDraft draft) {
    checkName(draft.name());
    String id = draft.spiffeIdPattern();
    if (id != null && id.length() > MAX_SPIFFE_ID_PATTERN_LENGTH) {
      throw new InvalidPolicyException(
          "spiffeidPattern must be at most "
              + MAX_SPIFFE_ID_PATTERN_LENGTH
              + " characters; got "
              + id.length());
    }
    if (id == null || !SPIFFE_ID_PATTERN.matcher(id).matches()) {
      throw new InvalidPolicyException(
          "spiffeidPattern must look like a SPIFFE ID pattern (spiffe://trust-domain/path,"
              + " optionally anchored with ^ and $)");
    }
    String path = draft.pathPattern();
    if (path == null || path.isEmpty() || path.length() > InputRules.MAX_PATH_LENGTH) {
      throw new InvalidPolicyException(
          "pathPattern must be 1 to " + InputRules.MAX_PATH_LENGTH + " characters");
    }
    if (!PATH_PATTERN.matcher(path).matches()) {
      throw new InvalidPolicyException(
          "pathPattern may contain only letters, digits and . _ - / ^ $ ( ) ? + * | [ ] { } \\");
    }
    checkPermissions(draft);
  }

  static void checkName(String name) {
    try {
      InputRules.name("policy name", name);
    } catch (InvalidInputException e) {
      throw new InvalidPolicyException(e.getMessage());
    }
  }

  static void checkPermissions(PolicyDraft draft) {
    if (draft.permissions().isEmpty()) {
      throw new InvalidPolicyException(
          "permissions must list at least one of read, write, list, execute, super");
    }
    Permission.parseAll(draft.permissions());
  }
}
