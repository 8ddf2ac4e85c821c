package ist.spike.nexus.transit;

import com.google.re2j.Pattern;
import ist.spike.nexus.secret.InvalidInputException;

/** The limits of the transit feature, checked before anything else. */
public final class TransitLimits {
  /** Longest key name. */
  public static final int MAX_NAME_LENGTH = 128;

  /** Most items in one batch. */
  public static final int MAX_BATCH_ITEMS = 1000;

  /** Most versions one key may have; rotate refuses beyond it. */
  public static final int MAX_VERSIONS = 256;

  /** Most transit keys one Nexus holds; create refuses beyond it. */
  public static final int MAX_KEYS = 10_000;

  /** The only key type. */
  public static final String AES256_GCM = "aes256-gcm";

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]+$");

  private TransitLimits() {}

  /**
   * Checks a key name.
   *
   * @param name the name
   * @return the name
   * @throws InvalidInputException if empty, longer than {@value #MAX_NAME_LENGTH} characters, or
   *     holding characters other than letters, digits, {@code _} and {@code -}
   */
  public static String name(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException("name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          "name must be at most " + MAX_NAME_LENGTH + " characters; got " + name.length());
    }
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException("name may contain only letters, digits, '_' and '-'");
    }
    return name;
  }

  /**
   * Checks a key type.
   *
   * @param type the type; empty means {@value #AES256_GCM}
   * @return the type
   * @throws InvalidInputException for any other type
   */
  public static String type(String type) {
    if (type == null || type.isEmpty() || type.equals(AES256_GCM)) {
      return AES256_GCM;
    }
    throw new InvalidInputException("type must be " + AES256_GCM);
  }
}
