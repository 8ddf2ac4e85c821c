package ist.spike.nexus.secret;

import com.google.re2j.Pattern;

/**
 * SPIKE's input rules for secret paths and names (spec §2.3, §12), shared by secrets and policies.
 */
public final class InputRules {
  /** Longest secret path or path pattern. */
  public static final int MAX_PATH_LENGTH = 500;

  /** Longest name (secret key, policy name). */
  public static final int MAX_NAME_LENGTH = 250;

  private static final Pattern PATH = Pattern.compile("^[a-zA-Z0-9._\\-/()?+*|\\[\\]{}\\\\]+$");
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9\\-_ ]+$");

  private InputRules() {}

  /**
   * Checks a secret path.
   *
   * @param path the path
   * @return the path
   * @throws InvalidInputException if empty, longer than 500 characters, or containing characters
   *     outside {@code a-z A-Z 0-9 . _ - / ( ) ? + * | [ ] { } \}
   */
  public static String secretPath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("path must not be empty");
    }
    if (path.length() > MAX_PATH_LENGTH) {
      throw new InvalidInputException(
          "path must be at most " + MAX_PATH_LENGTH + " characters; got " + path.length());
    }
    if (!PATH.matcher(path).matches()) {
      throw new InvalidInputException(
          "path may contain only letters, digits and . _ - / ( ) ? + * | [ ] { } \\");
    }
    return path;
  }

  /**
   * Checks a name (secret key or policy name).
   *
   * @param what the field, for the message ("key", "policy name")
   * @param name the name
   * @return the name
   * @throws InvalidInputException if empty, longer than 250 characters, or containing characters
   *     other than letters, digits, {@code -}, {@code _} and space
   */
  public static String name(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException(what + " must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          what + " must be at most " + MAX_NAME_LENGTH + " characters; got " + name.length());
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          what + " may contain only letters, digits, '-', '_' and spaces");
    }
    return name;
  }
}
