package ist.spike.spa.vault;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A user id, safe to use as a directory name: 1–64 of {@code A-Z a-z 0-9 . _ @ -}, no leading dot.
 */
public final class UserId {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}");

  private final String value;

  private UserId(String value) {
    this.value = value;
  }

  /**
   * Parses a user id.
   *
   * @param value the id; not null
   * @return the id
   * @throws IllegalArgumentException if it is empty, too long, starts with a dot, or holds any
   *     other character (so {@code /}, {@code \} and {@code ..} can never reach a path)
   */
  public static UserId parse(String value) {
    requireNonNull(value, "value");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a user id is 1 to 64 characters of A-Z a-z 0-9 . _ @ - and does not start with a dot");
    }
    return new UserId(value);
  }

  /** Returns the id. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserId u && u.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
